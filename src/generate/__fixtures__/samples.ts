import { getAtPointer } from '../../core/pointer.js';

type Obj = Record<string, unknown>;

/**
 * A value that conforms to an OpenAPI schema (used by the test server for responses and by tests for
 * inputs). Optional properties are filled near the top so the adapters see real shapes.
 */
export function sample(root: unknown, schema: unknown, depth = 0): unknown {
  if (!schema || typeof schema !== 'object') return {};
  const s = schema as Obj;
  if (typeof s.$ref === 'string') return depth > 8 ? null : sample(root, getAtPointer(root, s.$ref.slice(1)), depth + 1);
  if (s.const !== undefined) return s.const;
  if (s.example !== undefined && s.example !== null && typeof s.example !== 'object') return s.example;
  if (Array.isArray(s.enum)) return s.enum.find((v) => v !== null) ?? null;
  if (Array.isArray(s.allOf)) {
    const merged: Obj = {};
    for (const sub of s.allOf) {
      const v = sample(root, sub, depth + 1);
      if (v && typeof v === 'object' && !Array.isArray(v)) deepMerge(merged, v as Obj);
    }
    if (s.properties) deepMerge(merged, sample(root, { ...s, allOf: undefined }, depth + 1) as Obj);
    return merged;
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const list = s[key];
    if (Array.isArray(list) && list.length) return sample(root, list[0], depth + 1);
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type ?? (s.properties ? 'object' : s.items ? 'array' : undefined);
  switch (type) {
    case 'string':
      if (typeof s.pattern === 'string') return matching(new RegExp(s.pattern, 'u'), Number(s.minLength ?? 0), Number(s.maxLength ?? 1e9));
      return s.format === 'date-time' ? '2026-01-02T03:04:05Z' : s.format === 'date' ? '2026-01-02' : s.format === 'uri' ? 'https://example.com/x' : s.format === 'email' ? 'a@example.com' : 'x'.repeat(Math.max(1, Number(s.minLength ?? 1)));
    case 'integer':
      return Math.max(1, Number(s.minimum ?? 1));
    case 'number':
      return Math.max(1.5, Number(s.minimum ?? 1.5));
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return depth > 4 ? [] : Array.from({ length: Math.max(1, Number(s.minItems ?? 1)) }, () => sample(root, s.items, depth + 1));
    case 'object': {
      const out: Obj = {};
      const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
      for (const [name, prop] of Object.entries((s.properties ?? {}) as Obj)) {
        if (!required.has(name) && (depth > 3 || (prop && typeof prop === 'object' && (prop as Obj).not !== undefined))) continue;
        out[name] = sample(root, prop, depth + 1);
      }
      return out;
    }
    default:
      return 'any';
  }
}

/** allOf members describe one value: merge their samples field by field. */
function deepMerge(into: Obj, from: Obj): void {
  for (const [k, v] of Object.entries(from)) {
    const cur = into[k];
    if (cur && typeof cur === 'object' && !Array.isArray(cur) && v && typeof v === 'object' && !Array.isArray(v)) deepMerge(cur as Obj, v as Obj);
    else into[k] = v;
  }
}

const CANDIDATES = ['x', 'ABC-123', 'INC0010001', 'a1', '1', 'ABC', 'abc', 'a-b', 'a_b', '2026-01-02', '2026-01-02T03:04:05Z', 'a@example.com', 'https://example.com/x', 'C012AB3CD', 'U012AB3CD', '+15551234567', '00000000-0000-0000-0000-000000000000', 'abcdefghijklmnop', '0123456789abcdef0123456789abcdef'];

/** A string matching a pattern, from a few shapes real contracts use. */
function matching(pattern: RegExp, min: number, max: number): string {
  return CANDIDATES.find((c) => pattern.test(c) && c.length >= min && c.length <= max) ?? 'x';
}
