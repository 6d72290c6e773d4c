import { RuntimeProblem } from '../problem.js';
import type { Queryable } from '../store/database.js';
import { tenantRegion } from '../store/tenants.js';
import { asPlatform } from '../store/tenant-scope.js';

/** How long a tenant's region is trusted from memory; another runtime's change is seen within it. */
const TTL_MS = 5_000;

/**
 * Residency on the admin API: a tenant pinned to a region is served only by a runtime configured for that
 * region (`--region`, `INTERLOCK_RUNTIME_REGION`), and its data is exported only to destinations there.
 * A runtime with no region serves no pinned tenant.
 */
export class ResidencyGuard {
  private readonly cache = new Map<string, { region: string | null; at: number }>();

  constructor(
    private readonly db: Queryable,
    readonly region: string | null,
    private readonly nowMs: () => number,
  ) {}

  async regionOf(tenant: string): Promise<string | null> {
    const hit = this.cache.get(tenant);
    if (hit && this.nowMs() - hit.at < TTL_MS) return hit.region;
    const region = await asPlatform(() => tenantRegion(this.db, tenant));
    this.cache.set(tenant, { region, at: this.nowMs() });
    return region;
  }

  /** This runtime changed a tenant's region: forget what it remembered. */
  forget(tenant: string): void {
    this.cache.delete(tenant);
  }

  /** Refuses (421) a request of a tenant pinned to another region than this runtime's. */
  async assertServed(tenant: string): Promise<void> {
    const pinned = await this.regionOf(tenant);
    if (pinned !== null && pinned !== this.region) {
      throw new RuntimeProblem('residency-mismatch', `tenant ${tenant} is served only in region ${pinned}; this runtime is in ${this.region ?? 'no region'}`, {
        tenantRegion: pinned,
        runtimeRegion: this.region,
      });
    }
  }

  /** Refuses (403) sending a tenant's data to a destination in another region than its pin. */
  async assertExportable(tenant: string, destinationRegion: string | null, what: string): Promise<void> {
    const pinned = await this.regionOf(tenant);
    const region = destinationRegion ?? this.region;
    if (pinned !== null && region !== pinned) {
      throw new RuntimeProblem('residency-refused', `${what} would send tenant ${tenant}'s data to ${region ?? 'an unknown region'}; it is pinned to ${pinned}`, {
        tenantRegion: pinned,
        destinationRegion: region,
      });
    }
  }
}
