/**
 * An OpenAPI description rewritten so that its schemas are JSON Schema 2020-12, in place: every
 * JSON pointer of the original still names the same thing, so ajv can compile `DOC#<pointer>` and
 * generators can follow the same local `$ref`s.
 *
 * - `nullable: true` (3.0) and `x-nullable: true` (2.0) become a union with `null` (a type list,
 *   or `anyOf: [schema, {type: null}]` beside `$ref`/`allOf`/`anyOf`).
 * - draft-04 boolean `exclusiveMinimum`/`exclusiveMaximum` become the numeric 2020-12 form.
 * - tuple `items: [...]` becomes `prefixItems`; Swagger 2.0 `type: file` accepts anything.
 * Example values are data and are copied untouched.
 */
export function normalizeDocument(value: unknown): unknown {
  return normalize(value, 0);
}

const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum', 'const', 'x-examples']);

function normalize(value: unknown, depth: number): unknown {
  if (depth > 512) return value;
  if (Array.isArray(value)) return value.map((v) => normalize(v, depth + 1));
  if (value === null || typeof value !== 'object') return value;
  const input = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key in input) out[key] = DATA_KEYS.has(key) ? input[key] : normalize(input[key], depth + 1);
  if (out.exclusiveMinimum === true && typeof out.minimum === 'number') {
    out.exclusiveMinimum = out.minimum;
    delete out.minimum;
  } else if (typeof out.exclusiveMinimum === 'boolean') delete out.exclusiveMinimum;
  if (out.exclusiveMaximum === true && typeof out.maximum === 'number') {
    out.exclusiveMaximum = out.maximum;
    delete out.maximum;
  } else if (typeof out.exclusiveMaximum === 'boolean') delete out.exclusiveMaximum;
  if (Array.isArray(out.items)) {
    out.prefixItems = out.items;
    delete out.items;
  }
  if (out.type === 'file') delete out.type;
  const nullable = out.nullable === true || out['x-nullable'] === true;
  delete out.nullable;
  if (!nullable) return out;
  delete out['x-nullable'];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (typeof out.type === 'string' && out.$ref === undefined && out.allOf === undefined && out.anyOf === undefined && out.oneOf === undefined) {
    out.type = [out.type, 'null'];
    return out;
  }
  // `$ref` siblings, `allOf`, `anyOf`: keep the schema whole and offer null beside it.
  const meta: Record<string, unknown> = {};
  for (const k of ['description', 'title', 'readOnly', 'writeOnly', 'deprecated', 'example', 'examples', 'default']) if (k in out) meta[k] = out[k];
  return { ...meta, anyOf: [out, { type: 'null' }] };
}
