import type { ParsedDocument } from '../core/document.js';
import type { Kind } from '../core/kinds.js';
import type { Contract, DataContract, Integration, Resource, ResourceId, Vendor } from '../core/resources.js';
import type { Workspace } from '../load/workspace.js';
import type { ApiDescription } from '../contract/api-description.js';

/**
 * The validated workspace: every manifest that passed its schema, typed and indexed, plus the API
 * description of each contract. Policy, generate and plan read this, never raw files.
 */
export interface WorkspaceModel {
  workspace: Workspace;
  resources: Resource[];
  byId: Map<ResourceId, Resource>;
  vendors: Map<string, Vendor>;
  integrations: Map<string, Integration>;
  contracts: Map<string, Contract>;
  dataContracts: Map<string, DataContract>;
  /** Policy-kind resources (RiskPolicy, RetentionPolicy, …, Ruleset, Waiver). */
  policies: Resource[];
  /** API descriptions by contract name (absent when the contract's source could not be read). */
  apis: Map<string, ApiDescription>;
}

export function ofKind<K extends Kind>(model: WorkspaceModel, kind: K): Resource<K>[] {
  return model.resources.filter((r): r is Resource<K> => r.kind === kind);
}

/** The first resource of a policy kind, if the workspace defines one. */
export function policyOf<K extends Kind>(model: WorkspaceModel, kind: K): Resource<K> | undefined {
  return model.policies.find((r): r is Resource<K> => r.kind === kind);
}

/** The workspace path of a contract's API description, resolved against the manifest's folder. */
export function contractSourcePath(contract: Contract): string {
  const dir = contract.doc.file.includes('/') ? contract.doc.file.slice(0, contract.doc.file.lastIndexOf('/') + 1) : '';
  const parts = (dir + contract.manifest.spec.source).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

export type { ParsedDocument };
