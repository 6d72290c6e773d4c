import type { Store } from '../store/store.js';
import { toNumber } from '../store/rows.js';
import { currentTenant } from '../store/tenant-scope.js';
import { readCanaries } from './canary-queries.js';
import { integrationEvents } from './integration-spec.js';
import type { IntegrationEvents } from './model.js';
import type { Canary } from './routing.js';

export interface Catalog {
  revision: number;
  integrations: IntegrationEvents[];
  byName: Map<string, IntegrationEvents>;
  /** Inbound path (default: the integration name) → integration. */
  byInboundPath: Map<string, IntegrationEvents>;
  canaries: Map<string, Canary>;
  /** Contract name → its applied spec (for inbound payload schemas). */
  contracts: Map<string, Record<string, unknown>>;
}

/**
 * The integrations as applied, read from the runtime's state and kept until the state revision moves
 * (one cheap query per use) or a canary changes. One per tenant scope: a request sees its tenant's
 * integrations only (row-level security), platform work sees every tenant's.
 */
export class IntegrationCatalog {
  private readonly cached = new Map<string, { catalog: Catalog; canaryVersion: number }>();
  private canaryVersion = 0;

  constructor(private readonly store: Store) {}

  invalidateCanaries(): void {
    this.canaryVersion++;
  }

  async current(): Promise<Catalog> {
    const [row] = await this.store.db.query<{ revision: unknown }>('SELECT revision FROM runtime_state WHERE id = 1');
    const revision = toNumber(row.revision);
    const slot = currentTenant() ?? '*';
    const hit = this.cached.get(slot);
    if (hit && hit.catalog.revision === revision && hit.canaryVersion === this.canaryVersion) return hit.catalog;
    const version = this.canaryVersion;
    const state = await this.store.state();
    const integrations: IntegrationEvents[] = [];
    const contracts = new Map<string, Record<string, unknown>>();
    for (const r of state.resources) {
      if (r.kind === 'Integration') integrations.push(integrationEvents(r.name, r.spec));
      else if (r.kind === 'Contract') contracts.set(r.name, r.spec);
    }
    const canaries = new Map<string, Canary>();
    for (const c of await readCanaries(this.store.db)) canaries.set(c.integration, { integration: c.integration, percent: c.percent, events: integrationEvents(c.integration, c.spec) });
    const byInboundPath = new Map<string, IntegrationEvents>();
    for (const i of integrations) if (i.inbound) byInboundPath.set(i.inbound.path ?? i.name, i);
    const catalog: Catalog = { revision: state.revision, integrations, byName: new Map(integrations.map((i) => [i.name, i])), byInboundPath, canaries, contracts };
    this.cached.set(slot, { catalog, canaryVersion: version });
    return catalog;
  }
}
