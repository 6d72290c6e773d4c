import type { OperationInput, OperationSpec } from '../../adapter-runtime/index.js';
import { renderTemplate, type TemplateContext } from '../../core/action-template.js';
import { operationInput as sortInput } from '../actions/operation.js';

/**
 * A `with` map rendered into an operation's input, sorted as `actions[].with` is (one sorter for both):
 * a key naming one of the operation's parameters goes to that parameter (path, query, header); any other
 * key is a dotted path into the JSON body. Templates read `{{subject.…}}`, `{{lookup.…}}` and `{{response.…}}`.
 */
export function operationInput(op: OperationSpec, mapping: Record<string, unknown>, ctx: Record<string, unknown>): OperationInput {
  // The template language names its roots by the context's keys; erasure has its own roots.
  return sortInput(op, Object.fromEntries(Object.entries(mapping).map(([key, template]) => [key, renderDeep(template, ctx as TemplateContext)])));
}

/** Templates inside literal arrays and objects are rendered too (`identifiers: ['{{subject.value}}']`). */
function renderDeep(value: unknown, ctx: TemplateContext): unknown {
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, ctx));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderDeep(v, ctx)]));
  return renderTemplate(value, ctx);
}

/** The default mapping when `with` is absent: the identifier field gets the subject's value. */
export function defaultMapping(identifier: string | undefined): Record<string, unknown> {
  return { [identifier ?? 'id']: '{{subject.value}}' };
}

/** Reads a dotted path (`records.0.Id`) from a vendor answer; arrays are indexed by number. */
export function readPath(value: unknown, path: string): unknown {
  let v = value;
  for (const seg of path.split('.')) {
    if (Array.isArray(v) && /^\d+$/.test(seg)) v = v[Number(seg)];
    else if (v !== null && typeof v === 'object') v = (v as Record<string, unknown>)[seg];
    else return undefined;
  }
  return v;
}
