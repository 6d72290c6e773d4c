/**
 * OpenAPI schema → draft-07 JSON Schema for response validation with ajv. Local `$ref`s point at
 * `#/definitions/<TypeName>` (the same names the TypeScript types use); `nullable` becomes a union
 * with null; annotations only OpenAPI knows are dropped. External references accept anything.
 */
export function toJsonSchema(schema: unknown, nameOf: (pointer: string) => string, depth = 0): unknown {
  if (depth > 200) return {};
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, nameOf, depth + 1));
  if (!schema || typeof schema !== 'object') return schema;
  const s = schema as Record<string, unknown>;
  if (typeof s.$ref === 'string') {
    const ref = s.$ref.startsWith('#') ? { $ref: `#/definitions/${nameOf(s.$ref === '#' ? '' : s.$ref.slice(1))}` } : {};
    return s.nullable === true || s['x-nullable'] === true ? { anyOf: [ref, { type: 'null' }] } : ref;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(s)) {
    if (key.startsWith('x-') || DROPPED.has(key)) continue;
    out[key] = SCHEMA_MAPS.has(key) ? mapValues(value, nameOf, depth) : SCHEMA_KEYS.has(key) ? toJsonSchema(value, nameOf, depth + 1) : value;
  }
  if (s.nullable === true || s['x-nullable'] === true) {
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

const DROPPED = new Set(['nullable', 'discriminator', 'xml', 'externalDocs', 'example']);
/** Keywords holding one schema or a list of schemas. */
const SCHEMA_KEYS = new Set(['items', 'additionalProperties', 'not', 'allOf', 'anyOf', 'oneOf', 'if', 'then', 'else', 'prefixItems', 'contains', 'propertyNames', 'additionalItems']);
/** Keywords holding a map of name → schema. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']);

function mapValues(value: unknown, nameOf: (pointer: string) => string, depth: number): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = toJsonSchema(v, nameOf, depth + 1);
  return out;
}
