import { closestMatches } from './suggest.js';

/**
 * The mapping language of `spec.actions`: a small typed template, parsed the same way by `check` and by
 * whatever executes the action. A string that is exactly `{{root.path}}` passes the value through with its
 * type; `{{…}}` inside other text makes a string; anything else (a string without `{{`, a number, a boolean,
 * null, an object, an array) is a literal. No expressions, so every mapping can be checked statically.
 */

/** The roots a template may read: the triggering event, and in `emit.with` also the vendor's answer. */
export type TemplateRoot = 'event' | 'response';

export interface TemplateRef {
  root: TemplateRoot;
  /** Segments after the root: `{{event.data.summary}}` → `['data', 'summary']`. */
  path: string[];
}

export type ParsedTemplate =
  | { kind: 'literal'; value: unknown }
  | { kind: 'value'; ref: TemplateRef }
  | { kind: 'text'; refs: TemplateRef[] }
  | { kind: 'invalid'; reason: { message: string; suggest: string[] } };

const WHOLE = /^\{\{\s*([^{}]*?)\s*\}\}$/;
const PART = /\{\{\s*([^{}]*?)\s*\}\}/g;
const PATH = /^[A-Za-z_$][\w$-]*(\.[\w$-]+)*$/;

/** Parses one mapped value, refusing roots outside `roots`. */
export function parseTemplate(value: unknown, roots: readonly TemplateRoot[]): ParsedTemplate {
  if (typeof value !== 'string' || !value.includes('{{')) return { kind: 'literal', value };
  const whole = WHOLE.exec(value);
  if (whole) {
    const ref = parseRef(whole[1], roots);
    return 'message' in ref ? { kind: 'invalid', reason: ref } : { kind: 'value', ref };
  }
  const refs: TemplateRef[] = [];
  for (const m of value.matchAll(PART)) {
    const ref = parseRef(m[1], roots);
    if ('message' in ref) return { kind: 'invalid', reason: ref };
    refs.push(ref);
  }
  if (value.replace(PART, '').includes('{{') || value.replace(PART, '').includes('}}')) return { kind: 'invalid', reason: { message: "has an unbalanced '{{' or '}}'", suggest: [] } };
  return { kind: 'text', refs };
}

function parseRef(text: string, roots: readonly TemplateRoot[]): TemplateRef | { message: string; suggest: string[] } {
  if (!PATH.test(text)) return { message: `'{{${text}}}' is not a path (write {{${roots[0]}.data.field}})`, suggest: [] };
  const [root, ...path] = text.split('.');
  if (!(roots as readonly string[]).includes(root)) {
    const suggest = closestMatches(root, roots).map((r) => [r, ...path].join('.'));
    return { message: `'{{${text}}}' reads '${root}', which is not one of ${roots.map((r) => `'${r}'`).join(', ')}`, suggest };
  }
  return { root: root as TemplateRoot, path };
}

/** Fields of an accepted event a template can read besides `data.…`. */
export const EVENT_FIELDS = ['id', 'type', 'source', 'acceptedAt', 'idempotencyKey', 'data'] as const;
