import { specHash } from '../../src/core/canonical-json.js';
import type { ActualResource, ActualState } from '../../src/plan/resource.js';
import type { ApplyRequest, ApplyResult, Lease } from '../../src/core/runtime-api.js';
import { RuntimeApiError } from '../../src/runtime-client/errors.js';
import type { RuntimeApi } from '../../src/apply/runtime-api.js';

function problem(slug: string, status: number, detail: string, extensions: Record<string, unknown> = {}): RuntimeApiError {
  return new RuntimeApiError(status, { type: `https://interlock.dev/problems/${slug}`, title: slug, status, detail, ...extensions });
}

/**
 * An in-memory runtime with the admin API's apply and lease semantics (all-or-nothing batches, 409 on a
 * stale revision, conflicting changes, protected deletes and foreign leases). For unit tests and
 * benchmarks of the reconciler; the end-to-end test runs against the real runtime.
 */
export class InMemoryRuntime implements RuntimeApi {
  revision = 0;
  commit: string | null = null;
  appliedAt: string | null = null;
  readonly resources = new Map<string, ActualResource>();
  lease: { token: number; holder: string; expiresAt: number } | null = null;
  private lastToken = 0;
  /** Every apply request received, for assertions. */
  readonly requests: ApplyRequest[] = [];
  /** Set to make the next apply whose batch contains this `Kind/name` fail with a 500. */
  failOn: string | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  async getState(): Promise<ActualState> {
    return { revision: this.revision, commit: this.commit, appliedAt: this.appliedAt, resources: [...this.resources.values()].map((r) => structuredClone(r)) };
  }

  /** An out-of-band edit, like the admin PUT: bumps the revision. */
  edit(kind: string, name: string, spec: Record<string, unknown>, labels?: Record<string, string>, protect?: boolean): void {
    const key = `${kind}/${name}`;
    const old = this.resources.get(key);
    this.revision++;
    this.resources.set(key, { kind, name, spec, labels: labels ?? old?.labels ?? {}, protect: protect ?? old?.protect ?? false, hash: specHash(spec), revision: this.revision, updatedAt: new Date(this.now()).toISOString() });
  }

  async apply(request: ApplyRequest): Promise<ApplyResult> {
    this.requests.push(structuredClone(request));
    const live = this.lease && this.lease.expiresAt > this.now() ? this.lease : null;
    if (request.leaseToken !== undefined ? !live || live.token !== request.leaseToken : live) {
      throw problem(request.leaseToken !== undefined ? 'lease-fenced' : 'lease-held', 409, 'lease');
    }
    if (request.expectedRevision !== this.revision) {
      throw problem('stale-revision', 409, `expected revision ${request.expectedRevision}, the state is at ${this.revision}`, { currentRevision: this.revision });
    }
    if (this.failOn && request.changes.some((c) => `${c.kind}/${c.name}` === this.failOn)) {
      this.failOn = undefined;
      throw problem('internal', 500, 'injected failure');
    }
    const conflicts: { kind: string; name: string; action: string; reason: string }[] = [];
    const seen = new Set<string>();
    for (const c of request.changes) {
      const key = `${c.kind}/${c.name}`;
      const existing = this.resources.get(key);
      if (seen.has(key)) conflicts.push({ ...c, reason: 'duplicate' });
      else if (c.action === 'create' && existing) conflicts.push({ kind: c.kind, name: c.name, action: c.action, reason: 'exists' });
      else if (c.action !== 'create' && !existing) conflicts.push({ kind: c.kind, name: c.name, action: c.action, reason: 'missing' });
      else if (c.action === 'delete' && existing?.protect) conflicts.push({ kind: c.kind, name: c.name, action: c.action, reason: 'protected' });
      seen.add(key);
    }
    if (conflicts.length) throw problem('change-conflict', 409, `${conflicts.length} change(s) conflict`, { conflicts });
    if (request.commit) this.commit = request.commit;
    if (!request.changes.length) return { revision: this.revision, results: [] };
    this.revision++;
    const at = new Date(this.now()).toISOString();
    this.appliedAt = at;
    for (const c of request.changes) {
      const key = `${c.kind}/${c.name}`;
      if (c.action === 'delete') {
        this.resources.delete(key);
        continue;
      }
      const old = this.resources.get(key);
      const spec = c.spec ?? old?.spec ?? {};
      this.resources.set(key, {
        kind: c.kind,
        name: c.name,
        spec: structuredClone(spec),
        labels: { ...(c.labels ?? old?.labels ?? {}) },
        hash: specHash(spec),
        protect: c.protect ?? old?.protect ?? false,
        revision: this.revision,
        updatedAt: at,
        ...(request.commit ? { commit: request.commit } : {}),
      });
    }
    return { revision: this.revision, results: request.changes.map((c) => ({ kind: c.kind, name: c.name, action: c.action, status: 'applied' })) };
  }

  async acquireLease(holder: string, ttlSeconds: number): Promise<Lease> {
    const live = this.lease && this.lease.expiresAt > this.now() ? this.lease : null;
    if (live && live.holder !== holder) throw problem('lease-held', 409, `held by ${live.holder}`, { holder: live.holder });
    this.lease = { token: ++this.lastToken, holder, expiresAt: this.now() + ttlSeconds * 1000 };
    return this.grant();
  }

  async renewLease(token: number, ttlSeconds: number): Promise<Lease> {
    if (!this.lease || this.lease.token !== token) throw problem('lease-fenced', 409, 'not the current lease');
    this.lease.expiresAt = this.now() + ttlSeconds * 1000;
    return this.grant();
  }

  async releaseLease(token: number): Promise<void> {
    if (!this.lease || this.lease.token !== token) throw problem('lease-fenced', 409, 'not the current lease');
    this.lease = null;
  }

  private grant(): Lease {
    const l = this.lease!;
    return { token: l.token, holder: l.holder, expiresAt: new Date(l.expiresAt).toISOString() };
  }
}
