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

/** What a template reads when it is rendered. */
export type TemplateContext = Partial<Record<TemplateRoot, unknown>>;

/** Thrown when a rendered template reads a path the event (or answer) does not have. */
export class TemplateValueMissing extends Error {
  constructor(readonly ref: TemplateRef) {
    super(`{{${[ref.root, ...ref.path].join('.')}}} has no value`);
    this.name = 'TemplateValueMissing';
  }
}

function read(ctx: TemplateContext, ref: TemplateRef): unknown {
  let value: unknown = ctx[ref.root];
  for (const segment of ref.path) {
    value = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[segment] : undefined;
  }
  if (value === undefined) throw new TemplateValueMissing(ref);
  return value;
}

/**
 * One mapped value rendered against an event (and answer): a whole-value reference keeps its type, text
 * renders each reference (objects as JSON), a literal is itself. A missing value throws, never sends `undefined`.
 */
export function renderTemplate(value: unknown, ctx: TemplateContext): unknown {
  const parsed = parseTemplate(value, Object.keys(ctx) as TemplateRoot[]);
  switch (parsed.kind) {
    case 'literal':
      return parsed.value;
    case 'value':
      return read(ctx, parsed.ref);
    case 'text': {
      let n = 0;
      return (value as string).replace(PART, () => {
        const v = read(ctx, parsed.refs[n++]);
        return typeof v === 'string' ? v : JSON.stringify(v);
      });
    }
    case 'invalid':
      throw new Error(`Template ${parsed.reason.message}`);
  }
}

/** A `with` map rendered into nested objects: `{'fields.summary': …}` → `{fields: {summary: …}}`. */
export function renderMapping(mapping: Record<string, unknown>, ctx: TemplateContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(mapping)) {
    const segments = key.split('.');
    let target = out;
    for (const segment of segments.slice(0, -1)) {
      const next = target[segment];
      target = (next !== null && typeof next === 'object' && !Array.isArray(next) ? next : (target[segment] = {})) as Record<string, unknown>;
    }
    target[segments[segments.length - 1]] = renderTemplate(value, ctx);
  }
  return out;
}
