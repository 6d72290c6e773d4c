import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Kind } from '../core/kinds.js';
import common from '../../schemas/common.schema.json' with { type: 'json' };
import compatPolicy from '../../schemas/compatpolicy.schema.json' with { type: 'json' };
import contract from '../../schemas/contract.schema.json' with { type: 'json' };
import dataContract from '../../schemas/datacontract.schema.json' with { type: 'json' };
import integration from '../../schemas/integration.schema.json' with { type: 'json' };
import residencyPolicy from '../../schemas/residencypolicy.schema.json' with { type: 'json' };
import retentionPolicy from '../../schemas/retentionpolicy.schema.json' with { type: 'json' };
import riskPolicy from '../../schemas/riskpolicy.schema.json' with { type: 'json' };
import ruleset from '../../schemas/ruleset.schema.json' with { type: 'json' };
import transportPolicy from '../../schemas/transportpolicy.schema.json' with { type: 'json' };
import vendor from '../../schemas/vendor.schema.json' with { type: 'json' };
import waiver from '../../schemas/waiver.schema.json' with { type: 'json' };

/** The JSON Schema of every kind, as shipped in `schemas/` (the single source of truth). */
export const KIND_SCHEMAS: Record<Kind, object> = {
  Vendor: vendor,
  Integration: integration,
  Contract: contract,
  DataContract: dataContract,
  RiskPolicy: riskPolicy,
  RetentionPolicy: retentionPolicy,
  ResidencyPolicy: residencyPolicy,
  TransportPolicy: transportPolicy,
  CompatPolicy: compatPolicy,
  Ruleset: ruleset,
  Waiver: waiver,
};

export const COMMON_SCHEMA: object = common;

// ajv-formats ships CommonJS; under NodeNext its callable default export arrives as `.default`.
type AddFormats = (ajv: Ajv2020) => unknown;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

let compiled: Map<Kind, ValidateFunction> | undefined;

/** Compiled validators, built once per process. */
export function kindValidators(): Map<Kind, ValidateFunction> {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, discriminator: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addSchema(COMMON_SCHEMA);
  compiled = new Map();
  for (const [kind, schema] of Object.entries(KIND_SCHEMAS) as [Kind, object][]) compiled.set(kind, ajv.compile(schema));
  return compiled;
}
