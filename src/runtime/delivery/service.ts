import type { DeliveryQueue } from '../bus/queue.js';
import { StoreQueue } from '../bus/store-queue.js';
import type { AuditInput } from '../model.js';
import { RuntimeProblem } from '../problem.js';
import { appendAudit, appendAuditBatch } from '../store/audit-log.js';
import type { Queryable } from '../store/database.js';
import type { Store } from '../store/store.js';
import type { AttemptReport } from './attempt.js';
import { deleteCanary, readCanaries, writeCanary, type CanaryRow } from './canary-queries.js';
import { rerouteCanaryDeliveries } from './canary-reroute.js';
import { IntegrationCatalog } from './catalog.js';
import { Dispatcher } from './dispatcher.js';
import { newId } from './ids.js';
import { deliveryStats, listDeliveries, replayDeliveries, type DeliveryFilter, type DeliveryStats, type ReplayResult } from './log-queries.js';
import { DEFAULT_DELIVERY_CONFIG, type AcceptedEvent, type DeliveryConfig, type DeliveryJob } from './model.js';
import { AcceptBatcher } from './accept-batcher.js';
import { endpointKey, insertEvent, insertEvents, readDisabledEndpoints, type AcceptOutcome } from './outbox-queries.js';
import { AttemptRecorder } from './recorder.js';
import { DEFAULT_RETRY_POLICY } from './retry-schedule.js';
import { routeEvent } from './routing.js';
import { configSecretResolver, resolveFor } from './secret-refs.js';
import { ConnectorHealth } from '../connectors/health.js';
import type { RuntimeLog } from '../log.js';
import type { Resolver } from './ssrf-guard.js';
import { IsolationPool, type IsolationOptions } from '../isolation/pool.js';
import { isolatedSender } from '../isolation/isolated-sender.js';

export interface EventInput {
  type: string;
  data: unknown;
  idempotencyKey?: string;
  /** `api` for POST /v1/events, `hook:<integration>` for inbound webhooks. */
  source?: string;
  /** Runs first in the accepting transaction; throwing rolls the whole acceptance back. */
  guard?(tx: Queryable): Promise<void>;
}

export interface DeliveryServiceOptions {
  store: Store;
  config?: Partial<DeliveryConfig>;
  /** `nats://host:port`: deliveries move through a JetStream work queue instead of the store. */
  bus?: string;
  /** JetStream stream name (tests use a unique one). */
  stream?: string;
  /** How long JetStream waits for an ack before redelivering (default 60 s). */
  ackWaitMs?: number;
  clock?: () => Date;
  /** DNS for the SSRF guard (tests pin names). */
  resolve?: Resolver;
  /**
   * PostgreSQL: the workers' own small pool, so that claims and attempt records do not queue behind the
   * API's requests for a connection (acceptance-to-attempt latency under load).
   */
  workerDatabaseUrl?: string;
  /** Whether to run delivery workers in this process (default true). */
  workers?: boolean;
  /** The API description of a contract, for inbound payload validation (the runtime state holds only its hash). */
  contractDocument?(contract: string, spec: Record<string, unknown>): unknown;
  onAttempt?(job: DeliveryJob, report: AttemptReport): void;
  onError?(error: unknown): void;
  /** Structured log lines (secret resolution failures and recoveries, …). */
  log?: RuntimeLog;
  /** Shared with other runtime services; one is created when absent. */
  health?: ConnectorHealth;
  /** Each integration's webhook POSTs run in its own worker thread (timeout, heap cap, restart); absent: in-process. */
  isolation?: Omit<IsolationOptions, 'health' | 'log'>;
}

/**
 * Something else an accepted event causes, written in the accepting transaction (actions queue their
 * calls this way). `prepare` runs before the transaction opens and returns the writer it runs inside;
 * `accepted` is told after the commit.
 */
export interface AcceptHook {
  prepare(): Promise<(tx: Queryable, events: readonly AcceptedEvent[]) => Promise<void>>;
  accepted?(): void;
}

export interface DeliveryService {
  readonly queue: DeliveryQueue;
  readonly catalog: IntegrationCatalog;
  readonly config: DeliveryConfig;
  readonly store: Store;
  /** Why integrations cannot run (unresolvable secrets, …). */
  readonly health: ConnectorHealth;
  /** The integrations' workers, when delivery runs isolated. */
  readonly isolation?: IsolationPool;
  /** DNS for the egress guard (the system's unless a test pinned names): the runtime's own calls to integrations use it too. */
  readonly resolve?: Resolver;
  readonly contractDocument?: DeliveryServiceOptions['contractDocument'];
  /** Stores the event and its deliveries in one transaction (with `audit`, if given), then wakes the workers. */
  accept(input: EventInput, audit?: AuditInput): Promise<AcceptOutcome>;
  list(filter: DeliveryFilter): ReturnType<typeof listDeliveries>;
  replay(sel: { id: string } | { since: Date; integration?: string }, audit: AuditInput): Promise<ReplayResult>;
  stats(integration: string, windowSeconds: number): Promise<DeliveryStats>;
  setCanary(c: { integration: string; percent: number; spec: Record<string, unknown> }, audit: AuditInput): Promise<void>;
  clearCanary(integration: string, audit: AuditInput): Promise<boolean>;
  canaries(): Promise<CanaryRow[]>;
  /** Adds a hook to every later acceptance (new events only; a duplicate idempotency key causes nothing). */
  addAcceptHook(hook: AcceptHook): void;
  /** Resolves when no attempt is in flight and every finished one is recorded (tests, benchmarks). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** At 500 events/s over HTTP this cut accepting transactions from ~1 per event to ~1 per 14 (PGlite). */
const EMBEDDED_ACCEPT_LINGER_MS = 3;

function auditOf(audit: AuditInput, type: string, result: AcceptOutcome): AuditInput {
  return { ...audit, data: { ...audit.data, eventId: result.eventId, type, duplicate: result.duplicate, deliveries: result.deliveries.map((d) => d.id) } };
}

export function deliveryConfig(partial: Partial<DeliveryConfig> = {}): DeliveryConfig {
  return { ...DEFAULT_DELIVERY_CONFIG, retry: DEFAULT_RETRY_POLICY, secrets: configSecretResolver({}), ...partial };
}

/** Starts event delivery on a store: the outbox, the chosen queue, and (unless disabled) the workers. */
export async function startDelivery(opts: DeliveryServiceOptions): Promise<DeliveryService> {
  const { store } = opts;
  const config = deliveryConfig(opts.config);
  const clock = opts.clock ?? (() => new Date());
  const onError = opts.onError ?? (() => undefined);
  const catalog = new IntegrationCatalog(store);
  const health = opts.health ?? new ConnectorHealth(opts.log, clock);
  const workerDb =
    opts.workerDatabaseUrl && store.engine === 'postgres' && opts.workers !== false
      ? await (await import('../store/pg-database.js')).openPgDatabase(opts.workerDatabaseUrl, { max: 3 })
      : store.db;
  // The workers' own pool reads the same sealed bodies as the store.
  if (workerDb !== store.db && store.db.payloads) workerDb.payloads = store.db.payloads;
  let disabled = await readDisabledEndpoints(store.db);
  const isolation =
    opts.isolation && opts.workers !== false
      ? new IsolationPool({ ...opts.isolation, health, ...(opts.log ? { log: opts.log } : {}), secret: (integration, ref) => resolveFor(config.secrets, ref, integration, health) })
      : undefined;

  const queue: DeliveryQueue = opts.bus
    ? await (await import('../bus/nats-queue.js')).openNatsQueue({
        servers: opts.bus,
        stream: opts.stream ?? 'INTERLOCK_DELIVERIES',
        db: store.db,
        maxDeliver: config.retry.delaysMs.length,
        ackWaitMs: opts.ackWaitMs ?? 60_000,
        pollMs: config.pollMs,
        onError,
      })
    : new StoreQueue(workerDb, { lockMs: config.lockMs, pollMs: config.pollMs, clock, onError });

  const recorder = new AttemptRecorder(workerDb, {
    clock,
    disableAfterMs: config.disableAfterMs,
    onDisabled: (list) => {
      for (const d of list) disabled.add(endpointKey(d.integration, d.variant));
    },
    onError,
  });
  const dispatcher = new Dispatcher(config, recorder, {
    isDisabled: (integration, variant) => disabled.has(endpointKey(integration, variant)),
    slotFreed: () => {
      if (dispatcher.capacity().worthClaiming) queue.notify();
    },
    retryAt: (at) => queue.wakeAt(at),
    health,
    ...(isolation ? { send: isolatedSender(isolation) } : {}),
    ...(opts.resolve ? { resolve: opts.resolve } : {}),
    ...(opts.onAttempt ? { onAttempt: opts.onAttempt } : {}),
  });
  if (opts.workers !== false) await queue.start(dispatcher);

  const hooks: AcceptHook[] = [];
  const afterCommit = (fresh: boolean) => {
    if (fresh) for (const h of hooks) h.accepted?.();
  };

  // Group commit: events accepted while a transaction is open wait for the next one, which takes them all.
  const batcher = new AcceptBatcher(async (batch) => {
    const cat = await catalog.current();
    const writers = await Promise.all(hooks.map((h) => h.prepare()));
    const items = batch.map((b) => ({ event: b.event, routed: routeEvent(b.event, cat.integrations, cat.canaries, config.defaultConcurrency) }));
    const now = clock();
    const outcomes = await store.db.transaction(async (tx) => {
      const results = await insertEvents(tx, items, disabled);
      const audits = batch.flatMap((b, i) => (b.audit ? [auditOf(b.audit, b.event.type, results[i])] : []));
      await appendAuditBatch(tx, audits, now);
      const fresh = batch.filter((_, i) => !results[i].duplicate).map((b) => b.event);
      for (const w of writers) await w(tx, fresh);
      return results;
    });
    if (outcomes.some((o) => !o.duplicate && o.deliveries.length)) queue.notify();
    afterCommit(outcomes.some((o) => !o.duplicate));
    return outcomes;
  }, store.engine === 'embedded' ? EMBEDDED_ACCEPT_LINGER_MS : 0);

  return {
    queue,
    catalog,
    config,
    store,
    health,
    ...(isolation ? { isolation } : {}),
    ...(opts.resolve ? { resolve: opts.resolve } : {}),
    ...(opts.contractDocument ? { contractDocument: opts.contractDocument } : {}),
    async accept(input, audit) {
      const now = clock();
      const event = {
        id: newId('evt_', now.getTime()),
        type: input.type,
        data: input.data,
        idempotencyKey: input.idempotencyKey ?? null,
        source: input.source ?? 'api',
        acceptedAt: now.toISOString(),
      };
      if (!input.guard) return batcher.add(event, audit);
      const cat = await catalog.current();
      const writers = await Promise.all(hooks.map((h) => h.prepare()));
      const routed = routeEvent(event, cat.integrations, cat.canaries, config.defaultConcurrency);
      const outcome = await store.db.transaction(async (tx) => {
        await input.guard?.(tx);
        const result = await insertEvent(tx, event, routed, disabled);
        if (audit) await appendAudit(tx, auditOf(audit, event.type, result), now);
        if (!result.duplicate) for (const w of writers) await w(tx, [event]);
        return result;
      });
      if (!outcome.duplicate && outcome.deliveries.length) queue.notify();
      afterCommit(!outcome.duplicate);
      return outcome;
    },
    list: (filter) => listDeliveries(store.db, filter),
    async replay(sel, audit) {
      const now = clock();
      const cat = await catalog.current();
      const result = await store.db.transaction(async (tx) => {
        const r = await replayDeliveries(tx, sel, now);
        // A canary delivery replayed after its canary ended goes to the stable spec, not the abandoned target.
        const rerouted: string[] = [];
        const orphaned = r.replayed.filter((d) => d.variant === 'canary' && !cat.canaries.has(d.integration));
        for (const integration of new Set(orphaned.map((d) => d.integration))) {
          const ids = orphaned.filter((d) => d.integration === integration).map((d) => d.id);
          const moved = await rerouteCanaryDeliveries(tx, integration, cat.byName.get(integration), now, { defaultConcurrency: config.defaultConcurrency, ids });
          rerouted.push(...moved.rerouted);
          for (const d of r.replayed) if (moved.rerouted.includes(d.id) || moved.dropped.includes(d.id)) d.variant = 'stable';
        }
        await appendAudit(tx, { ...audit, data: { ...audit.data, replayed: r.replayed.map((d) => d.id), ...(rerouted.length ? { reroutedToStable: rerouted } : {}) } }, now);
        return r;
      });
      disabled = await readDisabledEndpoints(store.db);
      if (result.replayed.length) queue.notify();
      return result;
    },
    stats: (integration, windowSeconds) => deliveryStats(store.db, integration, windowSeconds, clock()),
    async setCanary(c, audit) {
      if (!Number.isInteger(c.percent) || c.percent < 0 || c.percent > 100) throw new RuntimeProblem('invalid-request', 'percent must be an integer from 0 to 100');
      const now = clock();
      await store.db.transaction(async (tx) => {
        await writeCanary(tx, c, now);
        await appendAudit(tx, { ...audit, data: { ...audit.data, percent: c.percent } }, now);
      });
      catalog.invalidateCanaries();
    },
    async clearCanary(integration, audit) {
      const now = clock();
      const stable = (await catalog.current()).byName.get(integration);
      const { removed, moved } = await store.db.transaction(async (tx) => {
        const r = await deleteCanary(tx, integration);
        // What the canary still had pending or dead-lettered now belongs to the stable spec.
        const m = await rerouteCanaryDeliveries(tx, integration, stable, now, { defaultConcurrency: config.defaultConcurrency });
        await appendAudit(tx, { ...audit, data: { ...audit.data, removed: r, reroutedToStable: m.rerouted, dropped: m.dropped } }, now);
        return { removed: r, moved: m };
      });
      catalog.invalidateCanaries();
      if (moved.rerouted.length) queue.notify();
      return removed;
    },
    canaries: () => readCanaries(store.db),
    addAcceptHook: (hook) => hooks.push(hook),
    async idle() {
      await dispatcher.whenIdle();
      await recorder.drain();
    },
    async close() {
      await batcher.drain();
      await queue.close();
      await dispatcher.whenIdle();
      await recorder.close();
      await isolation?.close();
      if (workerDb !== store.db) await workerDb.close();
    },
  };
}
