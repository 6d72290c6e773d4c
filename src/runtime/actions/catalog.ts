import type { OperationSpec } from '../../adapter-runtime/index.js';
import type { Store } from '../store/store.js';
import { toNumber } from '../store/rows.js';
import { currentTenant } from '../store/tenant-scope.js';
import { readActions } from './action-specs.js';
import { indexOperations, type OperationIndex } from './operation.js';
import type { ActingIntegration } from './plan-calls.js';

export interface ActingIntegrationSpec extends ActingIntegration {
  spec: Record<string, unknown>;
  contract?: string;
}

export interface ActionCatalogSnapshot {
  revision: number;
  integrations: ActingIntegrationSpec[];
  byName: Map<string, ActingIntegrationSpec>;
  contracts: Map<string, Record<string, unknown>>;
}

/** The applied API description of a contract (the runtime state holds its hash; the workspace holds the text). */
export type ContractDocuments = (contract: string, spec: Record<string, unknown>) => unknown;

export type OperationLookup = { ok: true; operation: OperationSpec } | { ok: false; error: string; permanent: boolean; check: 'contract' | 'operation' };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The integrations that act, as applied, re-read when the state revision moves; and each applied
 * contract's operations, indexed once per content hash.
 */
export class ActionCatalog {
  /** Per tenant scope (platform work: '*'), as the state each one sees differs. */
  private readonly cached = new Map<string, ActionCatalogSnapshot>();
  private readonly indexes = new Map<string, Promise<OperationIndex | undefined>>();

  constructor(
    private readonly store: Store,
    private readonly documents?: ContractDocuments,
  ) {}

  async current(): Promise<ActionCatalogSnapshot> {
    const [row] = await this.store.db.query<{ revision: unknown }>('SELECT revision FROM runtime_state WHERE id = 1', [], { name: 'runtime_revision' });
    const slot = currentTenant() ?? '*';
    const hit = this.cached.get(slot);
    if (hit && hit.revision === toNumber(row.revision)) return hit;
    const state = await this.store.state();
    const integrations: ActingIntegrationSpec[] = [];
    const contracts = new Map<string, Record<string, unknown>>();
    for (const r of state.resources) {
      if (r.kind === 'Contract') contracts.set(r.name, r.spec);
      if (r.kind !== 'Integration') continue;
      const contract = isObject(r.spec.contract) && typeof r.spec.contract.ref === 'string' ? r.spec.contract.ref : undefined;
      integrations.push({ name: r.name, enabled: r.spec.enabled !== false, actions: readActions(r.spec), spec: r.spec, ...(contract ? { contract } : {}) });
    }
    const snapshot: ActionCatalogSnapshot = { revision: state.revision, integrations, byName: new Map(integrations.map((i) => [i.name, i])), contracts };
    this.cached.set(slot, snapshot);
    return snapshot;
  }

  /** The operation an integration's action calls, from its applied contract. */
  async operation(snapshot: ActionCatalogSnapshot, integration: ActingIntegrationSpec, operationId: string): Promise<OperationLookup> {
    const name = integration.contract;
    const spec = name ? snapshot.contracts.get(name) : undefined;
    if (!name || !spec) return { ok: false, error: `contract ${name ?? '(none)'} is not applied`, permanent: false, check: 'contract' };
    const key = `${name}\0${String(spec.contentHash ?? snapshot.revision)}`;
    let index = this.indexes.get(key);
    if (!index) {
      index = Promise.resolve(this.documents?.(name, spec))
        .then((doc) => indexOperations(doc ?? spec.document, name))
        .catch(() => undefined);
      this.indexes.set(key, index);
    }
    const ops = await index;
    if (!ops) {
      this.indexes.delete(key);
      return { ok: false, error: `the API description of contract ${name} is not available to the runtime (start it in the workspace)`, permanent: false, check: 'contract' };
    }
    const operation = ops.get(operationId);
    return operation ? { ok: true, operation } : { ok: false, error: `contract ${name} has no operation ${operationId}`, permanent: true, check: 'operation' };
  }
}
