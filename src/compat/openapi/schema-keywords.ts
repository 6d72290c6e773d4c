import { isObj, type Obj } from '../../contract/openapi/spec.js';

/** Types a schema allows, `null` excluded (nullability is tracked on its own). Empty = any type. */
export function typeSet(s: Obj): string[] {
  const t = s.type;
  const list = Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : typeof t === 'string' ? [t] : [];
  return [...new Set(list.filter((x) => x !== 'null'))].sort();
}

const NULLABLE_XOF = ['oneOf', 'anyOf'] as const;

export function isNullable(s: Obj): boolean {
  if (s.nullable === true || s['x-nullable'] === true) return true;
  if (Array.isArray(s.type) && s.type.includes('null')) return true;
  if (Array.isArray(s.enum) && s.enum.includes(null) && s.nullable !== false) return Array.isArray(s.type) && s.type.includes('null');
  for (const k of NULLABLE_XOF) {
    const list = s[k];
    if (Array.isArray(list) && list.some((x) => isObj(x) && x.type === 'null')) return true;
  }
  return false;
}

/** Upper bounds (a lower head value narrows what is accepted) and lower bounds, with their id stems. */
export const UPPER_BOUNDS: [string, string][] = [
  ['maximum', 'max'],
  ['maxLength', 'max-length'],
  ['maxItems', 'max-items'],
  ['maxProperties', 'max-properties'],
  ['maxContains', 'max-contains'],
  ['exclusiveMaximum', 'exclusive-max'],
];
export const LOWER_BOUNDS: [string, string][] = [
  ['minimum', 'min'],
  ['minLength', 'min-length'],
  ['minItems', 'min-items'],
  ['minProperties', 'min-properties'],
  ['minContains', 'min-contains'],
  ['exclusiveMinimum', 'exclusive-min'],
];

/**
 * Keywords whose presence constrains instances. `restricts: true`: adding one narrows what is valid
 * (breaks requests, harmless in responses); `false`: adding widens (prefixItems as oasdiff judges it).
 */
export const CONSTRAINT_KEYWORDS: { keyword: string; stem: string; restricts: boolean }[] = [
  { keyword: 'if', stem: 'if', restricts: true },
  { keyword: 'then', stem: 'then', restricts: true },
  { keyword: 'else', stem: 'else', restricts: true },
  { keyword: 'contains', stem: 'contains', restricts: true },
  { keyword: 'propertyNames', stem: 'property-names', restricts: true },
  { keyword: 'unevaluatedItems', stem: 'unevaluated-items', restricts: true },
  { keyword: 'unevaluatedProperties', stem: 'unevaluated-properties', restricts: true },
  { keyword: 'contentSchema', stem: 'content-schema', restricts: true },
  { keyword: 'not', stem: 'not', restricts: true },
  { keyword: 'prefixItems', stem: 'prefix-items', restricts: false },
];

/** Keywords that only annotate: an allOf entry made only of these changes nothing for a client. */
export const ANNOTATIONS = new Set(['title', 'description', 'example', 'examples', 'deprecated', 'readOnly', 'writeOnly', 'externalDocs', 'xml', '$comment', 'default']);

export function numberOrUndefined(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Stable identity for enum values and defaults (objects compared structurally). */
export function valueKey(v: unknown): string {
  return typeof v === 'string' ? 's:' + v : 'j:' + JSON.stringify(v);
}

export function sameValue(a: unknown, b: unknown): boolean {
  return valueKey(a) === valueKey(b);
}

export function enumValues(s: Obj, keyword = 'enum'): unknown[] | undefined {
  const e = s[keyword];
  return Array.isArray(e) ? e.filter((x) => x !== null) : undefined;
}
