import { parsePointer } from '../core/pointer.js';
import type { PlanAction, PlannedChange } from '../plan/plan.js';

/** Shared wording of plan renderers: symbols, field paths, values, reasons. */

export const ACTION_SYMBOL: Record<PlanAction, string> = { create: '+', update: '~', delete: '-', replace: '-/+', noop: ' ' };

/** `/spec/endpoint/baseUrl` → `spec.endpoint.baseUrl`, `/spec/uses/0` → `spec.uses[0]`, odd keys quoted. */
export function fieldPath(pointer: string): string {
  let out = '';
  for (const seg of parsePointer(pointer)) {
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

const MAX_VALUE = 120;

/** `contentHash`/`adapterHash` values in a desired spec: `sha256:<hex>`. */
export function isContentHash(value: unknown): boolean {
  return typeof value === 'string' && /^sha256:[0-9a-f]{64}$/.test(value);
}

/** Two sha256 digests say nothing to a reader; the field name says what changed. */
export function isContentChange(d: { before?: unknown; after?: unknown }): boolean {
  return 'before' in d && 'after' in d && isContentHash(d.before) && isContentHash(d.after);
}

export function formatValue(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** Why, in a few words, for one change. */
export function reasonText(c: PlannedChange): string {
  switch (c.reason) {
    case 'new':
      return 'new in the workspace';
    case 'changed':
      return 'changed in the workspace';
    case 'adopted':
      return 'exists in the runtime without an owner; the workspace takes it over';
    case 'immutable-field':
      return `${(c.replaceFields ?? []).map(fieldPath).join(', ')} cannot change in place: delete + create`;
    case 'removed':
      return 'removed from the workspace';
    case 'renamed':
      return c.renamedTo ? `renamed to ${c.kind}/${c.renamedTo}: delete + create` : `renamed from ${c.kind}/${c.renamedFrom}: delete + create`;
    case 'protected':
      return 'protected, kept: removed from the workspace, deleted only once released in the runtime';
    case 'unchanged':
      return 'unchanged';
  }
}

/** Number of leaf values in a JSON value (an empty object or array counts as one). */
export function countLeaves(value: unknown): number {
  if (value !== null && typeof value === 'object') {
    const values = Array.isArray(value) ? value : Object.values(value);
    if (!values.length) return 1;
    let n = 0;
    for (const v of values) if (v !== undefined) n += countLeaves(v);
    return n;
  }
  return 1;
}

export function summaryLine(s: { add: number; change: number; destroy: number }): string {
  return `Plan: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy.`;
}
