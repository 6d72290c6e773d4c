import type { RuntimeKind } from '../../src/core/kinds.js';
import type { ResourceChange } from '../../src/runtime/model.js';

/**
 * The smallest spec of each runtime kind that its JSON Schema accepts. The admin API refuses any other
 * spec (`POST /v1/apply`, `PUT`), so tests that store resources over HTTP start from these rather than
 * from placeholders; resource-specs.test.ts holds each to its schema.
 */
const MINIMAL_SPECS: { [K in RuntimeKind]: () => Record<string, unknown> } = {
  Vendor: () => ({
    legalName: 'Acme Ltd',
    riskTier: 'low',
    criteria: { dataSensitivity: 'internal', accessLevel: 'read', criticality: 'low' },
    dataLocations: ['eu-west'],
  }),
  Integration: () => ({
    vendor: 'acme',
    contract: { ref: 'acme-api' },
    direction: 'outbound',
    endpoint: { baseUrl: 'https://api.acme.example' },
    auth: { type: 'none' },
  }),
  Contract: () => ({ format: 'openapi', source: 'acme.openapi.yaml', version: '1.0.0' }),
  DataContract: () => ({ version: '1.0.0', fields: { id: { type: 'string', classification: { sensitivity: 'internal', pii: null } } } }),
  RiskPolicy: () => ({ thresholds: { medium: 4, high: 5, critical: 9 }, gates: {} }),
  RetentionPolicy: () => ({ maxDays: {} }),
  ResidencyPolicy: () => ({ rules: [] }),
  TransportPolicy: () => ({}),
  CompatPolicy: () => ({}),
};

/** A fresh minimal valid spec of `kind`, with `fields` set over it (shallowly: pass whole sub-objects). */
export function validSpec(kind: RuntimeKind, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...MINIMAL_SPECS[kind](), ...fields };
}

/** A `create` change for an apply whose spec is valid; `fields` are set over the minimal spec. */
export function createChange(kind: RuntimeKind, name: string, fields: Record<string, unknown> = {}, extra: Pick<ResourceChange, 'labels' | 'protect'> = {}): ResourceChange {
  return { action: 'create', kind, name, spec: validSpec(kind, fields), ...extra };
}

/** An `update` change for an apply whose spec is valid; `fields` are set over the minimal spec. */
export function updateChange(kind: RuntimeKind, name: string, fields: Record<string, unknown> = {}): ResourceChange {
  return { action: 'update', kind, name, spec: validSpec(kind, fields) };
}
