import { createHash } from 'node:crypto';
import type { Classification, DataContractSpec } from '../../core/resources.js';

export type FieldType = DataContractSpec['fields'][string]['type'];
/** What leaves for a `restricted` field: nothing (`drop`) or a SHA-256 digest of the value (`mask`). */
export type RestrictedAction = 'drop' | 'mask';

/** An accepted event as exports and streams read it. */
export interface EventRecord {
  id: string;
  type: string;
  data: unknown;
  acceptedAt: string;
}

/** One output column: a DataContract field, where its value comes from, and whether it is masked. */
export interface Column {
  name: string;
  /** The type written: a masked field is always a string (its digest). */
  type: FieldType;
  required: boolean;
  classification: Classification;
  /** `['id']`, `['type']`, `['acceptedAt']` or `['data', …keys]`. */
  path: string[];
  masked: boolean;
}

export interface ColumnPlan {
  columns: Column[];
  /** Fields left out because they are restricted and the policy drops them. */
  dropped: { name: string; classification: Classification }[];
}

/** A mapping value (`data.shipment.number`, `acceptedAt`) as a path; fields without one read `data.<name>`. */
export function sourcePath(field: string, mapping: Readonly<Record<string, string>> | undefined): string[] {
  return (mapping?.[field] ?? `data.${field}`).split('.');
}

/** The columns of a DataContract in declaration order, with restricted fields dropped or masked per policy. */
export function planColumns(dc: DataContractSpec, mapping: Readonly<Record<string, string>> | undefined, restricted: RestrictedAction = 'drop'): ColumnPlan {
  const columns: Column[] = [];
  const dropped: ColumnPlan['dropped'] = [];
  for (const [name, f] of Object.entries(dc.fields)) {
    const isRestricted = f.classification.sensitivity === 'restricted';
    if (isRestricted && restricted === 'drop') {
      dropped.push({ name, classification: f.classification });
      continue;
    }
    const masked = isRestricted && restricted === 'mask';
    columns.push({ name, type: masked ? 'string' : f.type, required: !!f.required, classification: f.classification, path: sourcePath(name, mapping), masked });
  }
  return { columns, dropped };
}

function lookup(event: EventRecord, path: readonly string[]): unknown {
  if (path[0] === 'id') return event.id;
  if (path[0] === 'type') return event.type;
  if (path[0] === 'acceptedAt') return event.acceptedAt;
  let v: unknown = event.data;
  for (let i = 1; i < path.length; i++) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[path[i]];
  }
  return v;
}

const DAY_MS = 86_400_000;

/**
 * A value converted to the column's type, or `undefined` when it is missing or does not convert:
 * strings stay strings, numbers and integers from numbers or numeric strings, date-times as epoch
 * milliseconds, dates as days since the epoch, objects and arrays as they are.
 */
export function convert(type: FieldType, v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  switch (type) {
    case 'string':
      return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    case 'number': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      return Number.isFinite(n) ? n : undefined;
    }
    case 'integer': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      return Number.isSafeInteger(n) ? n : undefined;
    }
    case 'boolean':
      return typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined;
    case 'date-time': {
      const ms = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : NaN;
      return Number.isFinite(ms) ? ms : undefined;
    }
    case 'date': {
      const ms = typeof v === 'string' ? Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v) : NaN;
      return Number.isFinite(ms) ? Math.floor(ms / DAY_MS) : undefined;
    }
    case 'object':
      return typeof v === 'object' && !Array.isArray(v) ? v : undefined;
    case 'array':
      return Array.isArray(v) ? v : undefined;
  }
}

function digest(v: unknown): string {
  return `sha256:${createHash('sha256').update(typeof v === 'string' ? v : JSON.stringify(v)).digest('hex')}`;
}

/** A source value as the column writes it (converted, or digested when masked); `undefined` when absent. */
export function cellValue(c: Column, raw: unknown): unknown {
  return c.masked ? (raw === null || raw === undefined ? undefined : digest(raw)) : convert(c.type, raw);
}

export type RowResult = { ok: true; values: unknown[] } | { ok: false; field: string };

/** One event as a row (values in column order, `null` for absent optional fields); a missing required field rejects it. */
export function toRow(event: EventRecord, columns: readonly Column[]): RowResult {
  const values = new Array<unknown>(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i];
    const v = cellValue(c, lookup(event, c.path));
    if (v === undefined) {
      if (c.required) return { ok: false, field: c.name };
      values[i] = null;
    } else values[i] = v;
  }
  return { ok: true, values };
}

/** A row as a JSON object for messages and NDJSON: date-times back to ISO strings, dates to `YYYY-MM-DD`. */
export function rowObject(values: readonly unknown[], columns: readonly Column[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  columns.forEach((c, i) => {
    const v = values[i];
    out[c.name] = v === null ? null : c.type === 'date-time' ? new Date(v as number).toISOString() : c.type === 'date' ? new Date((v as number) * DAY_MS).toISOString().slice(0, 10) : v;
  });
  return out;
}
