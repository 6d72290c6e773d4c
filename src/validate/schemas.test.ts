import { describe, expect, it } from 'vitest';
import { KINDS } from '../core/kinds.js';
import { COMMON_SCHEMA, KIND_SCHEMAS, kindValidators } from './schemas.js';

type Schema = Record<string, unknown>;

/** Every property of every schema, with its pointer. */
function properties(schema: unknown, pointer: string, out: { pointer: string; schema: Schema }[] = []) {
  if (schema === null || typeof schema !== 'object') return out;
  const s = schema as Schema;
  for (const [name, prop] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
    out.push({ pointer: `${pointer}/properties/${name}`, schema: prop });
    properties(prop, `${pointer}/properties/${name}`, out);
  }
  for (const key of ['items', 'additionalProperties']) if (typeof s[key] === 'object') properties(s[key], `${pointer}/${key}`, out);
  for (const key of ['oneOf', 'anyOf', 'allOf']) ((s[key] ?? []) as unknown[]).forEach((b, i) => properties(b, `${pointer}/${key}/${i}`, out));
  for (const [name, def] of Object.entries((s.$defs ?? {}) as Record<string, Schema>)) {
    out.push({ pointer: `${pointer}/$defs/${name}`, schema: def });
    properties(def, `${pointer}/$defs/${name}`, out);
  }
  return out;
}

describe('kind schemas', () => {
  it('exist for every kind and compile', () => {
    expect(Object.keys(KIND_SCHEMAS).sort()).toEqual([...KINDS].sort());
    expect(kindValidators().size).toBe(KINDS.length);
  });

  it('document every field (a description, or a $ref to a documented definition)', () => {
    const undocumented = [COMMON_SCHEMA, ...Object.values(KIND_SCHEMAS)].flatMap((schema) =>
      properties(schema, (schema as Schema).$id as string)
        .filter(({ schema: s }) => typeof s.description !== 'string' && typeof s.$ref !== 'string' && s.const === undefined)
        .map((p) => p.pointer),
    );
    expect(undocumented).toEqual([]);
  });

  it('close every object so typos are caught', () => {
    const open = Object.values(KIND_SCHEMAS).flatMap((schema) =>
      properties(schema, (schema as Schema).$id as string)
        .filter(({ schema: s }) => s.type === 'object' && s.properties !== undefined && s.additionalProperties !== false)
        .map((p) => p.pointer),
    );
    expect(open).toEqual([]);
  });
});
