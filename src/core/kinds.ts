/** Every resource kind Interlock knows, with the schema file that defines it. */
export const KIND_SCHEMA_FILES = {
  Vendor: 'vendor.schema.json',
  Integration: 'integration.schema.json',
  Contract: 'contract.schema.json',
  DataContract: 'datacontract.schema.json',
  RiskPolicy: 'riskpolicy.schema.json',
  RetentionPolicy: 'retentionpolicy.schema.json',
  ResidencyPolicy: 'residencypolicy.schema.json',
  TransportPolicy: 'transportpolicy.schema.json',
  CompatPolicy: 'compatpolicy.schema.json',
  Ruleset: 'ruleset.schema.json',
  Waiver: 'waiver.schema.json',
} as const;

export type Kind = keyof typeof KIND_SCHEMA_FILES;

export const KINDS = Object.keys(KIND_SCHEMA_FILES) as Kind[];

export const API_VERSION = 'interlock.dev/v1';

export function isKind(value: unknown): value is Kind {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(KIND_SCHEMA_FILES, value);
}

/** Kinds that hold governance policy (as opposed to the things they govern). */
export const POLICY_KINDS: readonly Kind[] = ['RiskPolicy', 'RetentionPolicy', 'ResidencyPolicy', 'TransportPolicy', 'CompatPolicy', 'Ruleset', 'Waiver'];

/** Kinds that only steer CI findings (rulesets, waivers); the runtime never holds them. */
export type CiOnlyKind = 'Ruleset' | 'Waiver';

/** Kinds a plan carries into the runtime and the runtime holds. */
export type RuntimeKind = Exclude<Kind, CiOnlyKind>;

const CI_ONLY: ReadonlySet<string> = new Set<CiOnlyKind>(['Ruleset', 'Waiver']);

export const RUNTIME_KINDS: readonly RuntimeKind[] = KINDS.filter((k): k is RuntimeKind => !CI_ONLY.has(k));

export function isRuntimeKind(value: unknown): value is RuntimeKind {
  return isKind(value) && !CI_ONLY.has(value);
}
