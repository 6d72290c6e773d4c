import type { DeliveryService } from '../../delivery/service.js';
import { RuntimeProblem } from '../../problem.js';
import { parseJsonBody } from '../body.js';
import type { RequestContext } from '../route.js';

/** The delivery service, or a 503 when this runtime runs without one. */
export function deliveryOf(ctx: RequestContext): DeliveryService {
  const service = ctx.services.delivery;
  if (!service) throw new RuntimeProblem('not-ready', 'event delivery is not running in this runtime');
  return service;
}

type Field = { type: 'string' | 'object' | 'integer' | 'any'; required?: boolean; pattern?: RegExp; min?: number; max?: number };

/**
 * Parses and checks a small JSON body against a field table: required fields, types, unknown fields.
 * Every violation is reported at once, each located by a JSON pointer (the same shape as the admin API's
 * schema errors).
 */
export function objectBody(ctx: RequestContext, fields: Record<string, Field>): Record<string, unknown> {
  const body = parseJsonBody(ctx.rawBody, ctx.headers['content-type']);
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new RuntimeProblem('invalid-request', 'the body must be a JSON object', { errors: [{ pointer: '', message: 'must be object', keyword: 'type' }] });
  }
  const record = body as Record<string, unknown>;
  const errors: { pointer: string; message: string; keyword: string }[] = [];
  for (const key of Object.keys(record)) if (!(key in fields)) errors.push({ pointer: `/${key}`, message: `unknown field ${JSON.stringify(key)}`, keyword: 'additionalProperties' });
  for (const [key, f] of Object.entries(fields)) {
    const v = record[key];
    if (v === undefined) {
      if (f.required) errors.push({ pointer: `/${key}`, message: 'is required', keyword: 'required' });
      continue;
    }
    const ok =
      f.type === 'any' ||
      (f.type === 'string' && typeof v === 'string' && (!f.pattern || f.pattern.test(v))) ||
      (f.type === 'object' && v !== null && typeof v === 'object' && !Array.isArray(v)) ||
      (f.type === 'integer' && Number.isInteger(v) && (f.min === undefined || (v as number) >= f.min) && (f.max === undefined || (v as number) <= f.max));
    if (!ok) errors.push({ pointer: `/${key}`, message: f.pattern ? `must be a ${f.type} matching ${f.pattern.source}` : `must be ${f.type}${f.min !== undefined ? ` from ${f.min} to ${f.max}` : ''}`, keyword: 'type' });
  }
  if (errors.length) throw new RuntimeProblem('invalid-request', `${errors[0].pointer}: ${errors[0].message}`, { errors });
  return record;
}

const DURATION = /^(\d+)(ms|s|m|h|d)?$/;
const UNIT: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `300`, `30s`, `5m`, `1h` → ms (bare numbers are seconds). */
export function parseDurationMs(text: string): number | null {
  const m = DURATION.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * UNIT[m[2] ?? 's'];
}

const DATE_TIME = /^(\d{4})-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i;

/**
 * An RFC 3339 date-time within what both stores can hold. `new Date` accepts year 0 and far more
 * (PostgreSQL refuses those with an error, not a row), so anything outside 1970–9999 is refused here.
 */
export function parseDateTime(text: string): Date | null {
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const date = new Date(text);
  const year = date.getUTCFullYear();
  return Number.isNaN(date.getTime()) || year < 1970 || year > 9999 || Number(m[1]) < 1970 ? null : date;
}
