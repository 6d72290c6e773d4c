import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { KINDS, type Kind } from '../core/kinds.js';
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

type AddFormats = (ajv: Ajv2020) => unknown;

/**
 * The one ajv set-up of the kind schemas, shared by the run-time compile and the build-time standalone
 * code (`code` is how the build asks for source), so both produce the same validators and errors.
 */
export function kindAjv(code?: { source: true }): Ajv2020 {
  // Required here, not imported: a run with the precompiled validators never loads ajv's compiler.
  const require = createRequire(import.meta.url);
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 };
  // ajv-formats ships CommonJS with its callable export also on `.default`.
  const formats = require('ajv-formats') as AddFormats & { default?: AddFormats };
  const addFormats = formats.default ?? formats;
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, discriminator: true, allowUnionTypes: true, ...(code ? { code } : {}) });
  addFormats(ajv);
  ajv.addSchema(COMMON_SCHEMA);
  for (const schema of Object.values(KIND_SCHEMAS)) ajv.addSchema(schema);
  return ajv;
}

/** The `$id` of each kind's schema, as the standalone module exports it. */
export function kindSchemaIds(): Record<Kind, string> {
  return Object.fromEntries(Object.entries(KIND_SCHEMAS).map(([kind, schema]) => [kind, (schema as { $id: string }).$id])) as Record<Kind, string>;
}

/** Identifies the schemas a precompiled module was built from, so a stale one is never used. */
export function kindSchemasHash(): string {
  return createHash('sha256').update(JSON.stringify([COMMON_SCHEMA, KIND_SCHEMAS])).digest('hex');
}

/** Where the build writes the standalone validators (next to this module in dist/; absent under src/). */
export const PRECOMPILED_VALIDATORS = new URL('./kind-validators.precompiled.cjs', import.meta.url);

/** What the precompiled module exports: one validator per kind, and the hash of its schemas. */
export type PrecompiledValidators = Record<Kind, ValidateFunction> & { schemasHash: string };

/** The precompiled validators at `url`, or undefined when the module is missing or built from other schemas. */
export function loadPrecompiled(url: URL): Map<Kind, ValidateFunction> | undefined {
  const file = fileURLToPath(url);
  if (!existsSync(file)) return undefined;
  const module = createRequire(url)(file) as PrecompiledValidators;
  if (module.schemasHash !== kindSchemasHash()) return undefined;
  return new Map(KINDS.map((kind) => [kind, module[kind]]));
}

/** Compiles the kind validators at run time (what the build does ahead of time). */
export function compileKindValidators(): Map<Kind, ValidateFunction> {
  const ajv = kindAjv();
  return new Map(Object.entries(kindSchemaIds()).map(([kind, id]) => [kind as Kind, ajv.getSchema(id)!]));
}

let compiled: Map<Kind, ValidateFunction> | undefined;

/**
 * Validators, once per process: the build's precompiled module (compiling the schemas costs more than
 * the rest of `validate`), else compiled here (running from src/, or after a build that skipped it).
 */
export function kindValidators(): Map<Kind, ValidateFunction> {
  compiled ??= loadPrecompiled(PRECOMPILED_VALIDATORS) ?? compileKindValidators();
  return compiled;
}
