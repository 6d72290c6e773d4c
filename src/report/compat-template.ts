import type { Change, Place } from '../compat/change.js';

/**
 * Filling a compat message template (`CheckMeta.messages`) from a change. `{name}` is a value of the
 * change's `data` (strings as they are, lists joined with ", "); `{name:value}` shows schema values as
 * literals ('a', 42; `null` is none); `{name:escaped}` writes a backslash before each single quote (GraphQL
 * Inspector's quoting of descriptions, `null` is empty); a few names are derived from the change itself: `{what}`/`{What}` (its
 * `data.place`), `{endpoint}` (its operation, `GET /path`).
 */
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)(?::(value|escaped))?\}/g;

export interface Filled {
  text: string;
  /** Placeholders the change has no value for (left as written in `text`). */
  missing: string[];
}

export function fillTemplate(template: string, change: Pick<Change, 'data' | 'operation'>): Filled {
  const missing: string[] = [];
  let text = '';
  for (const part of compiled(template)) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    const value = lookup(part.name, change);
    if (value === undefined) {
      missing.push(part.name);
      text += part.whole;
    } else text += part.format === 'value' ? literal(value) : part.format === 'escaped' ? escaped(value) : plain(value);
  }
  return { text, missing };
}

interface Slot {
  name: string;
  format?: 'value' | 'escaped';
  whole: string;
}

/** Templates split into text and slots once: a large diff renders the same few hundred templates thousands of times. */
const COMPILED = new Map<string, (string | Slot)[]>();

function compiled(template: string): (string | Slot)[] {
  let parts = COMPILED.get(template);
  if (parts) return parts;
  parts = [];
  let at = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (m.index > at) parts.push(template.slice(at, m.index));
    parts.push({ name: m[1], format: m[2] as Slot['format'], whole: m[0] });
    at = m.index + m[0].length;
  }
  if (at < template.length) parts.push(template.slice(at));
  COMPILED.set(template, parts);
  return parts;
}

/** The placeholder names of a template. */
export function placeholdersOf(template: string): string[] {
  return Array.from(template.matchAll(PLACEHOLDER), (m) => m[1]);
}

function lookup(name: string, change: Pick<Change, 'data' | 'operation'>): unknown {
  const data = change.data ?? {};
  if (name === 'what' || name === 'What') {
    if (name in data) return data[name];
    const place = data.place;
    if (!place) return undefined;
    const s = placeText(place);
    return name === 'What' ? s.charAt(0).toUpperCase() + s.slice(1) : s;
  }
  if (name === 'endpoint' && !(name in data)) return change.operation ? `${change.operation.method.toUpperCase()} ${change.operation.path}` : undefined;
  return data[name];
}

function plain(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(plain).join(', ');
  if (v === null || typeof v !== 'object') return String(v);
  return JSON.stringify(v);
}

/** Text inside single quotes, as GraphQL Inspector quotes it (`fmt`); an absent (null) text is empty. */
function escaped(v: unknown): string {
  return v === null ? '' : plain(v).replace(/'/g, "\\'");
}

/**
 * A schema value as written: strings quoted, lists joined. A value that is absent (stored as `null` in the
 * change's data) reads `none`; a `null` inside a list (an enum that allows null) reads `null`.
 */
function literal(v: unknown): string {
  if (v === undefined || v === null) return 'none';
  if (Array.isArray(v)) return v.map((x) => (x === null ? 'null' : literal(x))).join(', ');
  return typeof v === 'string' ? `'${v}'` : JSON.stringify(v);
}

/** "request property `a.b`", "the 200 response body (application/json)", … */
export function placeText(place: Place): string {
  const prop = place.property ? ` \`${place.property}\`` : '';
  const media = place.mediaType ? ` (${place.mediaType})` : '';
  switch (place.prefix) {
    case 'request-body':
      return `the request body${media}`;
    case 'request-property':
      return `request property${prop}`;
    case 'request-parameter':
      return `request parameter \`${place.parameter}\``;
    case 'request-parameter-property':
    case 'request-header-property':
      return `property${prop} of request parameter \`${place.parameter}\``;
    case 'response-body':
      return `the ${place.status} response body${media}`;
    case 'response-property':
      return `${place.status} response property${prop}`;
    case 'response-header':
      return `${place.status} response header \`${place.parameter}\``;
    case 'response-header-property':
      return `property${prop} of ${place.status} response header \`${place.parameter}\``;
    default:
      return 'the schema';
  }
}
