import type { ParsedDocument } from './document.js';
import type { Kind } from './kinds.js';
import type {
  CompatPolicySpec,
  ContractSpec,
  DataContractSpec,
  IntegrationSpec,
  Metadata,
  ResidencyPolicySpec,
  RetentionPolicySpec,
  RiskPolicySpec,
  RulesetSpec,
  TransportPolicySpec,
  VendorSpec,
  WaiverSpec,
} from './resources.generated.js';

export type * from './resources.generated.js';

/** A manifest as written in the workspace: `apiVersion`, `kind`, `metadata`, `spec`. */
export interface Manifest<K extends Kind, S> {
  apiVersion: 'interlock.dev/v1';
  kind: K;
  metadata: Metadata;
  spec: S;
}

export interface SpecByKind {
  Vendor: VendorSpec;
  Integration: IntegrationSpec;
  Contract: ContractSpec;
  DataContract: DataContractSpec;
  RiskPolicy: RiskPolicySpec;
  RetentionPolicy: RetentionPolicySpec;
  ResidencyPolicy: ResidencyPolicySpec;
  TransportPolicy: TransportPolicySpec;
  CompatPolicy: CompatPolicySpec;
  Ruleset: RulesetSpec;
  Waiver: WaiverSpec;
}

export type ManifestOf<K extends Kind> = Manifest<K, SpecByKind[K]>;
export type AnyManifest = { [K in Kind]: ManifestOf<K> }[Kind];

/** `Kind/name`, the identity of a resource across the workspace, plans and the runtime. */
export type ResourceId = `${Kind}/${string}`;

export function resourceId(kind: Kind, name: string): ResourceId {
  return `${kind}/${name}`;
}

/** A manifest that passed schema validation, with the document it came from (for locations). */
export interface Resource<K extends Kind = Kind> {
  id: ResourceId;
  kind: K;
  name: string;
  manifest: ManifestOf<K>;
  doc: ParsedDocument;
}

export type Vendor = Resource<'Vendor'>;
export type Integration = Resource<'Integration'>;
export type Contract = Resource<'Contract'>;
export type DataContract = Resource<'DataContract'>;
