import type { Lease } from '../core/runtime-api.js';
import { errorMessage, type RuntimeApi } from './runtime-api.js';

/**
 * Holds the runtime lease while an apply runs: renews it at a third of its time to live, and remembers
 * a failed renewal so the apply stops before its next batch (the runtime would fence it anyway).
 */
export class LeaseKeeper {
  private timer: NodeJS.Timeout | undefined;
  private renewing: Promise<void> = Promise.resolve();
  lost: string | undefined;

  private constructor(
    private readonly api: RuntimeApi,
    private grant: Lease,
    private readonly ttlSeconds: number,
  ) {}

  static async acquire(api: RuntimeApi, holder: string, ttlSeconds: number): Promise<LeaseKeeper> {
    const keeper = new LeaseKeeper(api, await api.acquireLease(holder, ttlSeconds), ttlSeconds);
    keeper.timer = setInterval(() => keeper.renew(), Math.max(50, (ttlSeconds * 1000) / 3));
    keeper.timer.unref();
    return keeper;
  }

  get token(): number {
    return this.grant.token;
  }

  private renew(): void {
    this.renewing = this.api.renewLease(this.grant.token, this.ttlSeconds).then(
      (grant) => void (this.grant = grant),
      (error: unknown) => {
        this.lost = errorMessage(error);
        clearInterval(this.timer);
      },
    );
  }

  /** Stops renewing and gives the lease back (a lease already lost is left to expire). */
  async release(): Promise<void> {
    clearInterval(this.timer);
    await this.renewing;
    if (this.lost === undefined) await this.api.releaseLease(this.grant.token).catch(() => undefined);
  }
}
