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
    const objectLike = (s.allOf as unknown[]).every((m) => {
      let r = m as Obj;
      for (let i = 0; i < 10 && r && typeof r.$ref === 'string'; i++) r = getAtPointer(root, (r.$ref as string).slice(1)) as Obj;
      return r && (r.type === 'object' || r.properties !== undefined || r.allOf !== undefined);
    });
    return objectLike ? sample(root, flatten(root, s, 0), depth) : sample(root, s.allOf[0], depth + 1);
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

/** allOf members describe one object: merge their properties (a property in several becomes an allOf) and required lists. */
function flatten(root: unknown, s: Obj, depth: number): Obj {
  const properties: Record<string, unknown[]> = {};
  const required = new Set<string>();
  const members = [...(s.allOf as unknown[]), { ...s, allOf: undefined }];
  for (const m of members) {
    let member = m as Obj;
    for (let i = 0; i < 10 && member && typeof member.$ref === 'string'; i++) member = getAtPointer(root, (member.$ref as string).slice(1)) as Obj;
    if (!member || typeof member !== 'object') continue;
    if (Array.isArray(member.allOf) && depth < 10) member = flatten(root, member, depth + 1);
    for (const [k, v] of Object.entries((member.properties ?? {}) as Obj)) (properties[k] ??= []).push(v);
    for (const r of Array.isArray(member.required) ? (member.required as string[]) : []) required.add(r);
  }
  return {
    type: 'object',
    properties: Object.fromEntries(Object.entries(properties).map(([k, list]) => [k, list.length === 1 ? list[0] : { allOf: list }])),
    required: [...required],
  };
}

const CANDIDATES = ['x', 'ABC-123', 'INC0010001', 'a1', '1', 'ABC', 'abc', 'a-b', 'a_b', '2026-01-02', '2026-01-02T03:04:05Z', 'a@example.com', 'https://example.com/x', 'C012AB3CD', 'U012AB3CD', '+15551234567', '00000000-0000-0000-0000-000000000000', 'abcdefghijklmnop', '0123456789abcdef0123456789abcdef'];

/** A string matching a pattern, from a few shapes real contracts use. */
function matching(pattern: RegExp, min: number, max: number): string {
  const built = fromPattern(pattern.source);
  if (built !== undefined && pattern.test(built) && built.length >= min && built.length <= max) return built;
  return CANDIDATES.find((c) => pattern.test(c) && c.length >= min && c.length <= max) ?? 'x';
}

/** The shortest obvious string for a simple regular expression (literals, classes, groups, quantifiers). */
function fromPattern(p: string): string | undefined {
  let i = 0;
  const alt = (): string => {
    const first = seq();
    while (p[i] === '|') {
      i++;
      seq();
    }
    return first;
  };
  const seq = (): string => {
    let out = '';
    while (i < p.length && p[i] !== '|' && p[i] !== ')') {
      const atom = next();
      let count = 1;
      const q = p[i];
      if (q === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
        if (m) {
          count = Number(m[1]);
          i += m[0].length;
        }
      } else if (q === '+') {
        i++;
      } else if (q === '*' || q === '?') {
        count = 0;
        i++;
      }
      if (p[i] === '?') i++;
      out += atom.repeat(count);
    }
    return out;
  };
  const escape = (c: string): string => ({ d: '0', w: 'a', s: ' ', D: 'a', W: '-', S: 'a' })[c] ?? c;
  const next = (): string => {
    const c = p[i++];
    if (c === '^' || c === '$') return '';
    if (c === '.') return 'a';
    if (c === '\\') return escape(p[i++]);
    if (c === '(') {
      if (p[i] === '?') i += 2;
      const inner = alt();
      i++; // ')'
      return inner;
    }
    if (c === '[') {
      const negated = p[i] === '^';
      if (negated) i++;
      let first: string | undefined;
      while (i < p.length && p[i] !== ']') {
        const ch = p[i] === '\\' ? escape(p[++i]) : p[i];
        first ??= ch;
        i++;
      }
      i++;
      return negated ? 'a' : (first ?? 'a');
    }
    return c;
  };
  try {
    return alt();
  } catch {
    return undefined;
  }
}
