import { appendPointer } from '../core/pointer.js';
import { canonicalJson } from '../core/canonical-json.js';

/** One changed leaf: a JSON pointer into the resource (`/spec/...`, `/labels/...`, `/protect`). */
export interface FieldDiff {
  path: string;
  /** Absent when the field is added. */
  before?: unknown;
  /** Absent when the field is removed. */
  after?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Field-level differences between two JSON values, in key order. Objects are compared member by
 * member, arrays element by element (an insertion shows as changes from there on, as in Terraform).
 */
export function diffValues(before: unknown, after: unknown, path = ''): FieldDiff[] {
  const out: FieldDiff[] = [];
  walk(before, after, path, out);
  return out;
}

function walk(before: unknown, after: unknown, path: string, out: FieldDiff[]): void {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const key of keys) {
      const b = before[key];
      const a = after[key];
      const p = appendPointer(path, key);
      if (b === undefined && a === undefined) continue;
      if (b === undefined) added(a, p, out, 'after');
      else if (a === undefined) added(b, p, out, 'before');
      else walk(b, a, p, out);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) {
      const p = appendPointer(path, i);
      if (i >= before.length) added(after[i], p, out, 'after');
      else if (i >= after.length) added(before[i], p, out, 'before');
      else walk(before[i], after[i], p, out);
    }
    return;
  }
  if (before === after) return;
  if (typeof before === 'object' && typeof after === 'object' && canonicalJson(before) === canonicalJson(after)) return;
  out.push({ path, before, after });
}

/** A value present on one side only, as one entry per leaf (an empty object or array is itself a leaf). */
function added(value: unknown, path: string, out: FieldDiff[], side: 'before' | 'after'): void {
  if (isRecord(value) && Object.keys(value).length) {
    for (const key of Object.keys(value).sort()) if (value[key] !== undefined) added(value[key], appendPointer(path, key), out, side);
    return;
  }
  if (Array.isArray(value) && value.length) {
    value.forEach((v, i) => added(v, appendPointer(path, i), out, side));
    return;
  }
  out.push(side === 'after' ? { path, after: value } : { path, before: value });
}
