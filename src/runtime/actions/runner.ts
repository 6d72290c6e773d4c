import { renderMapping } from '../../core/action-template.js';
import type { ConnectorHealth } from '../connectors/health.js';
import type { DeliveryService } from '../delivery/service.js';
import type { AcceptedEvent } from '../delivery/model.js';
import type { RetryPolicy } from '../delivery/retry-schedule.js';
import type { RuntimeLog } from '../log.js';
import { chainAuditEntries, lockAuditHead } from '../store/audit-log.js';
import type { AuditInput } from '../model.js';
import { payloadsOf, type Database, type Queryable } from '../store/database.js';
import type { ActionCaller, ActionCallResult } from './caller.js';
import type { ActionCatalog, ActionCatalogSnapshot } from './catalog.js';
import { asPlatform, withTenant } from '../store/tenant-scope.js';
import { judgeCall } from './judge.js';
import type { ActionCall, CallAttemptRecord } from './model.js';
import { operationInput } from './operation.js';
import { eventContext, planActionCalls } from './plan-calls.js';
import { claimDueCalls, insertCalls, nextCallDueAt, recordCallAttempts } from './queries.js';

export interface ActionRunnerOptions {
  db: Database;
  delivery: DeliveryService;
  catalog: ActionCatalog;
  caller: ActionCaller;
  retry: RetryPolicy;
  random?: () => number;
  clock?: () => Date;
  health?: ConnectorHealth;
  log?: RuntimeLog;
  onError?(error: unknown): void;
  /** Most calls in flight in this process (default 256). */
  maxInFlight?: number;
  /** How long a claimed call stays locked before another runtime may take it (default 60 s). */
  lockMs?: number;
  /**
   * Whether claims take a lease in the store (default true). Only a store no other process can reach
   * (the embedded engine) may go without: nothing else can claim its calls.
   */
  leases?: boolean;
  /** How often to look for due calls when nothing woke the runner (default 250 ms). */
  pollMs?: number;
  /** Told of each finished attempt after it is recorded (tests, benchmarks). */
  onRecorded?(record: CallAttemptRecord): void;
}

/**
 * One audit entry per recorded batch, naming every attempt in it (as deliveries do): an entry per call
 * cost a hash and a row each, for what the call log holds in full.
 */
function attemptsAudit(records: readonly CallAttemptRecord[]): AuditInput {
  return {
    actor: 'runtime',
    action: 'actions.attempted',
    target: null,
    data: {
      calls: records.map((r) => ({
        callId: r.callId,
        integration: r.integration,
        operation: r.operation,
        attempt: r.attempt,
        status: r.status,
        outcome: r.outcome,
        ...(r.error === null ? {} : { error: r.error }),
        ...(r.emittedEventId === null ? {} : { emittedEventId: r.emittedEventId }),
      })),
    },
  };
}

/** Waiting a moment lets a burst of finished calls share one commit. */
const RECORD_LINGER_MS = 2;

/**
 * Executes Integrations' actions. The accepting transaction of an event queues its calls (`writer`);
 * workers claim due calls, call the vendor operation through the `ActionCaller` seam, record each attempt
 * in the call log and the audit log (batched: one commit for many calls), retry transient failures on
 * the delivery schedule, and turn a successful call's `emit` into a new accepted event (idempotent per
 * call, so a call re-run after a crash emits once).
 */
export class ActionRunner {
  private readonly held = new Set<string>();
  private readonly clock: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private pending: { record: CallAttemptRecord; done: () => void }[] = [];
  private flushing: Promise<void> | null = null;
  private idle: (() => void)[] = [];

  constructor(private readonly o: ActionRunnerOptions) {
    this.clock = o.clock ?? (() => new Date());
  }

  /** For the accepting transaction: loads the applied actions now (outside it) and returns the writer. */
  async writer(): Promise<(tx: Queryable, events: readonly AcceptedEvent[]) => Promise<void>> {
    const snapshot = await this.o.catalog.current();
    const acting = snapshot.integrations.filter((i) => i.actions.length);
    return async (tx, events) => {
      if (!acting.length) return;
      await insertCalls(
        tx,
        events.map((e) => ({ eventId: e.id, acceptedAt: e.acceptedAt, calls: planActionCalls(e, acting) })),
      );
    };
  }

  start(): void {
    this.notify();
  }

  /** Looks for due calls now. */
  notify(): void {
    if (this.closed) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    // Platform work, whoever woke it: a request's tenant scope must not follow the claim loop (nor its timers).
    this.ticking = asPlatform(() => this.tick())
      .catch((error: unknown) => this.o.onError?.(error))
      .finally(() => {
        this.ticking = null;
        if (this.closed) return;
        if (this.again) {
          this.again = false;
          this.notify();
        } else this.sleep();
      });
  }

  private sleep(): void {
    const poll = this.o.pollMs ?? 250;
    if (this.held.size > 0) {
      // Each call in flight wakes the runner when it finishes; the poll only catches retries falling due meanwhile.
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.notify(), poll);
      this.timer.unref?.();
      return;
    }
    void nextCallDueAt(this.o.db)
      .then((at) => {
        if (this.closed || this.ticking) return;
        const wait = at ? Math.max(0, Math.min(poll, at.getTime() - this.clock().getTime())) : poll;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.notify(), wait);
        this.timer.unref?.();
      })
      .catch((error: unknown) => this.o.onError?.(error));
  }

  private async tick(): Promise<void> {
    const max = this.o.maxInFlight ?? 256;
    const free = max - this.held.size;
    // While calls are in flight each one that finishes wakes the runner; claiming for every freed slot
    // would cost a claim statement per call, so a busy runner waits until a quarter of its slots are free.
    if (free <= 0 || (this.held.size > 0 && free < Math.max(1, Math.floor(max / 4)))) return;
    const now = this.clock();
    const lockedUntil = this.o.leases === false ? null : new Date(now.getTime() + (this.o.lockMs ?? 60_000));
    const calls = await claimDueCalls(this.o.db, { now, lockedUntil, limit: free, held: [...this.held] });
    if (!calls.length) return;
    // One look at the applied state per claimed batch and tenant, not per call. The lookup runs in the
    // call's tenant: two tenants may each apply an integration of the same name, with their own endpoint
    // and credentials, and a call must never be made with another tenant's.
    const snapshots = new Map<string, ActionCatalogSnapshot>();
    for (const call of calls) {
      let snapshot = snapshots.get(call.tenant);
      if (!snapshot) {
        snapshot = await withTenant(call.tenant, () => this.o.catalog.current());
        snapshots.set(call.tenant, snapshot);
      }
      this.held.add(call.id);
      void this.run(call, snapshot)
        .catch((error: unknown) => this.o.onError?.(error))
        .finally(() => {
          this.held.delete(call.id);
          if (this.held.size === 0) for (const r of this.idle.splice(0)) r();
          this.notify();
        });
    }
    if (calls.length === free) this.again = true;
  }

  private async run(call: ActionCall, snapshot: ActionCatalogSnapshot): Promise<void> {
    const startedAt = this.clock();
    const result = await this.execute(call, snapshot);
    const now = this.clock();
    const verdict = judgeCall(result, call.attempt, this.o.retry, now, this.o.random ?? Math.random);
    let emittedEventId: string | null = null;
    let error = result.error ?? null;
    if (verdict.outcome === 'succeeded' && call.action.emit) {
      try {
        emittedEventId = await this.emit(call, result.body);
      } catch (e) {
        error = `emit ${call.action.emit.event}: ${(e as Error).message}`;
        this.o.log?.({ level: 'error', msg: `action ${call.integration}/${call.operation} succeeded but its emit failed: ${(e as Error).message}`, integration: call.integration, callId: call.id });
      }
    }
    if (verdict.outcome === 'dead') this.o.log?.({ level: 'error', msg: `action ${call.integration}/${call.operation} failed for good: ${error ?? `status ${result.status}`}`, integration: call.integration, callId: call.id, status: result.status });
    await this.record({
      callId: call.id,
      attempt: call.attempt,
      integration: call.integration,
      operation: call.operation,
      at: startedAt.toISOString(),
      status: result.status,
      error,
      latencyMs: result.latencyMs,
      outcome: verdict.outcome,
      nextAttemptAt: verdict.delayMs === null ? null : new Date(now.getTime() + verdict.delayMs).toISOString(),
      emittedEventId,
    });
  }

  private async execute(call: ActionCall, snapshot: ActionCatalogSnapshot): Promise<ActionCallResult> {
    const integration = snapshot.byName.get(call.integration);
    if (!integration) return { status: null, error: `integration ${call.integration} is no longer applied`, permanent: true, latencyMs: 0 };
    if (!call.request) return { status: null, error: 'the call has no rendered request', permanent: true, latencyMs: 0 };
    const found = await this.o.catalog.operation(snapshot, integration, call.operation);
    const subject = integration.contract ?? call.operation;
    if (!found.ok) {
      this.o.health?.fail(call.integration, found.check, found.check === 'contract' ? subject : call.operation, found.check === 'contract' ? 'unavailable' : 'unknown-operation', found.error);
      return { status: null, error: found.error, permanent: found.permanent, latencyMs: 0 };
    }
    this.o.health?.pass(call.integration, 'contract', subject);
    return this.o.caller.callOperation({
      callId: call.id,
      attempt: call.attempt,
      integration: call.integration,
      tenant: call.tenant,
      spec: integration.spec,
      operation: found.operation,
      input: operationInput(found.operation, call.request),
    });
  }

  private async emit(call: ActionCall, body: unknown): Promise<string> {
    const emit = call.action.emit!;
    const [row] = await this.o.db.query<{ id: string; type: string; data: string; source: string; accepted_at: unknown; idempotency_key: string | null }>(
      'SELECT id, type, data, source, accepted_at, idempotency_key FROM events WHERE id = $1',
      [call.eventId],
    );
    const event: AcceptedEvent = {
      id: row.id,
      type: row.type,
      data: JSON.parse(payloadsOf(this.o.db).open(row.data)) as unknown,
      source: row.source,
      acceptedAt: row.accepted_at instanceof Date ? row.accepted_at.toISOString() : new Date(String(row.accepted_at)).toISOString(),
      idempotencyKey: row.idempotency_key,
    };
    const data = renderMapping(emit.with, { event: eventContext(event), response: body ?? null });
    // The emitted event is the call's tenant's, routed by that tenant's integrations.
    const outcome = await withTenant(call.tenant, () => this.o.delivery.accept({ type: emit.event, data, idempotencyKey: `action:${call.id}`, source: `action:${call.integration}` }));
    return outcome.eventId;
  }

  private record(record: CallAttemptRecord): Promise<void> {
    return new Promise((done) => {
      this.pending.push({ record, done });
      // The platform records every tenant's calls in one statement: under one tenant's row-level security the
      // others' rows would be left unrecorded (and made again).
      this.flushing ??= asPlatform(() => this.flushLoop());
    });
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length) {
        await new Promise((r) => setTimeout(r, RECORD_LINGER_MS));
        const batch = this.pending.splice(0);
        try {
          const records = batch.map((b) => b.record);
          await this.o.db.transaction(async (tx) => {
            const [entry] = chainAuditEntries(await lockAuditHead(tx), [attemptsAudit(records)], this.clock());
            await recordCallAttempts(tx, records, entry);
          });
        } catch (error) {
          this.o.onError?.(error);
          // Kept for the next round: the calls stay locked until recorded (or until their lock expires).
          this.pending.unshift(...batch);
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        for (const b of batch) {
          b.done();
          this.o.onRecorded?.(b.record);
        }
      }
    } finally {
      this.flushing = null;
    }
  }

  /** Resolves when no call is in flight and every finished one is recorded. */
  async whenIdle(): Promise<void> {
    if (this.held.size) await new Promise<void>((r) => this.idle.push(r));
    while (this.flushing) await this.flushing;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.ticking;
    await this.whenIdle();
    await this.o.caller.close?.();
  }
}
