import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Kind } from '../../core/kinds.js';
import { COMMON_SCHEMA, KIND_SCHEMAS } from '../../validate/schemas.js';
import { RuntimeProblem } from '../problem.js';

// ajv-formats ships CommonJS; under NodeNext its callable default export arrives as `.default`.
type AddFormats = (ajv: Ajv2020) => unknown;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

let compiled: Map<string, ValidateFunction> | undefined;

/**
 * One validator per kind for the `spec` of a resource written outside an apply (admin `PUT`, a canary's
 * Integration spec), compiled from the same `schemas/` files `interlock validate` checks manifests
 * with, so the runtime cannot hold a spec the gate would refuse.
 */
function specValidators(): Map<string, ValidateFunction> {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, strict: false, discriminator: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addSchema(COMMON_SCHEMA);
  for (const schema of Object.values(KIND_SCHEMAS)) ajv.addSchema(schema);
  compiled = new Map();
  for (const [kind, schema] of Object.entries(KIND_SCHEMAS) as [Kind, { $id: string }][]) {
    compiled.set(kind, ajv.compile({ $ref: `${schema.$id}#/properties/spec` }));
  }
  return compiled;
}

/** Throws a 400 `invalid-request` problem listing every violation of `spec`, located under `pointer`. */
export function assertValidSpec(kind: string, spec: unknown, pointer = '/spec'): void {
  const validate = specValidators().get(kind);
  if (!validate) throw new RuntimeProblem('invalid-request', `unknown kind ${JSON.stringify(kind)}`, { errors: [{ pointer: '/kind', message: 'unknown kind' }] });
  if (validate(spec)) return;
  const errors = (validate.errors ?? [])
    .filter((e) => e.keyword !== 'if')
    .map((e) => ({
      pointer: pointer + e.instancePath,
      message: e.keyword === 'additionalProperties' ? `unknown field ${JSON.stringify((e.params as { additionalProperty: string }).additionalProperty)}` : (e.message ?? e.keyword),
      keyword: e.keyword,
    }));
  throw new RuntimeProblem('invalid-request', `${kind} spec does not match schemas/${kind.toLowerCase()}.schema.json: ${errors[0]?.pointer}: ${errors[0]?.message}`, { errors });
}
