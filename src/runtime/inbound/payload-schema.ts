import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

export type SchemaCheck = { checked: true; errors: { pointer: string; message: string }[] } | { checked: false; reason: string };

const DOC_ID = 'https://interlock.dev/inbound-contract';
const cache = new WeakMap<object, Map<string, ValidateFunction | string>>();

/**
 * Validates an inbound payload against the schema a JSON pointer names in the contract's API description
 * (`#/components/schemas/IssueEvent`). The description is compiled once per document; OpenAPI 3.0's
 * `nullable` is rewritten to a JSON Schema type union, and unknown keywords (`example`, `discriminator`)
 * are ignored rather than refused.
 */
export function checkPayload(document: unknown, pointer: string, payload: unknown): SchemaCheck {
  if (!document || typeof document !== 'object') return { checked: false, reason: 'the contract description is not available to the runtime' };
  let perDoc = cache.get(document);
  if (!perDoc) cache.set(document, (perDoc = new Map()));
  let validate = perDoc.get(pointer);
  if (validate === undefined) {
    try {
      const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
      ajv.addSchema({ ...(rewriteNullable(document) as Record<string, unknown>), $id: DOC_ID });
      const ref = `${DOC_ID}${pointer.startsWith('#') ? pointer : `#${pointer}`}`;
      if (!ajv.getSchema(ref)) throw new Error(`${pointer} does not name a schema in the contract`);
      validate = ajv.compile({ $ref: ref });
    } catch (error) {
      validate = (error as Error).message;
    }
    perDoc.set(pointer, validate);
  }
  if (typeof validate === 'string') return { checked: false, reason: validate };
  if (validate(payload)) return { checked: true, errors: [] };
  return { checked: true, errors: (validate.errors ?? []).map((e) => ({ pointer: e.instancePath, message: e.message ?? e.keyword })) };
}

function rewriteNullable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteNullable);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = rewriteNullable(v);
  if (out.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  delete out.nullable;
  return out;
}
