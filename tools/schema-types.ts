/**
 * Turns the resource JSON Schemas into TypeScript declarations, so the schemas stay the single
 * source of truth. Covers the subset the schemas use: objects, arrays, enums, const, oneOf, $ref.
 */
export type JsonSchema = {
  $id?: string;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  title?: string;
};

const pascal = (s: string) => s.replace(/(^|[-_.])([a-z])/g, (_m, _p, ch: string) => ch.toUpperCase());

function refName(ref: string): string {
  const def = /#\/\$defs\/(.+)$/.exec(ref);
  if (!def) throw new Error(`Unsupported $ref ${ref}`);
  return pascal(def[1]);
}

function typeOf(schema: JsonSchema, indent: string): string {
  if (schema.$ref) return refName(schema.$ref);
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.oneOf) {
    const common = schema.properties ? objectType({ ...schema, oneOf: undefined }, indent) : undefined;
    const alts = schema.oneOf.map((s) => typeOf(s, indent)).join(' | ');
    return common && common !== 'Record<string, never>' ? `(${alts})` : alts;
  }
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return `${wrap(typeOf(schema.items ?? {}, indent))}[]`;
    case 'object':
      return objectType(schema, indent);
    default:
      return 'unknown';
  }
}

function wrap(t: string): string {
  return /[|&]/.test(t) ? `(${t})` : t;
}

function objectType(schema: JsonSchema, indent: string): string {
  const props = schema.properties ?? {};
  const keys = Object.keys(props);
  const extra = schema.additionalProperties;
  if (keys.length === 0) {
    if (extra && typeof extra === 'object') return `Record<string, ${typeOf(extra, indent)}>`;
    return extra === false ? 'Record<string, never>' : 'Record<string, unknown>';
  }
  const inner = indent + '  ';
  const required = new Set(schema.required ?? []);
  const lines = keys.map((k) => {
    const p = props[k];
    const doc = p.description ? `${inner}/** ${p.description.replace(/\*\//g, '*\\/')} */\n` : '';
    const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k);
    return `${doc}${inner}${key}${required.has(k) ? '' : '?'}: ${typeOf(p, inner)};`;
  });
  if (extra && typeof extra === 'object') lines.push(`${inner}[key: string]: unknown;`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** One declaration per common definition, and one `<Kind>Resource` per kind schema. */
export function schemasToTypeScript(common: JsonSchema, kinds: Record<string, JsonSchema>): string {
  const out: string[] = [
    '// Generated from schemas/*.schema.json by `npm run gen:types`. Do not edit; edit the schemas.',
    '/* eslint-disable */',
    '',
  ];
  for (const [name, def] of Object.entries(common.$defs ?? {})) {
    if (def.description) out.push(`/** ${def.description} */`);
    out.push(`export type ${pascal(name)} = ${typeOf(def, '')};`, '');
  }
  for (const [kind, schema] of Object.entries(kinds)) {
    const spec = schema.properties?.spec ?? {};
    if (schema.description) out.push(`/** ${schema.description} */`);
    out.push(`export type ${kind}Spec = ${typeOf(spec, '')};`, '');
  }
  return out.join('\n');
}
