import type { OperationInput, OperationSpec } from '../../adapter-runtime/index.js';
import { renderTemplate, type TemplateContext } from '../../core/action-template.js';

/**
 * A `with` map rendered into an operation's input, as `actions[].with` reads: a key naming one of the
 * operation's parameters goes to that parameter (path, query, header); any other key is a dotted path
 * into the JSON body. Templates read `{{subject.…}}`, `{{lookup.…}}` and `{{response.…}}`.
 */
export function operationInput(op: OperationSpec, mapping: Record<string, unknown>, ctx: Record<string, unknown>): OperationInput {
  const input: { path: Record<string, unknown>; query: Record<string, unknown>; headers: Record<string, unknown>; body?: Record<string, unknown> } = { path: {}, query: {}, headers: {} };
  for (const [key, template] of Object.entries(mapping)) {
    // The template language names its roots by the context's keys; erasure has its own roots.
    const value = renderDeep(template, ctx as TemplateContext);
    const p = op.params.find((x) => x.name === key);
    if (p) {
      (p.in === 'path' ? input.path : p.in === 'query' ? input.query : input.headers)[key] = value;
      continue;
    }
    const segments = key.split('.');
    let target = (input.body ??= {});
    for (const s of segments.slice(0, -1)) {
      const next = target[s];
      target = (next !== null && typeof next === 'object' && !Array.isArray(next) ? next : (target[s] = {})) as Record<string, unknown>;
    }
    target[segments[segments.length - 1]] = value;
  }
  return input;
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
