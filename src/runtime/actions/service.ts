import type { ConnectorHealth } from '../connectors/health.js';
import type { DeliveryService } from '../delivery/service.js';
import type { RuntimeLog } from '../log.js';
import { AdapterActionCaller } from './adapter-caller.js';
import type { ActionCaller } from './caller.js';
import { ActionCatalog } from './catalog.js';
import type { ActionCallView, CallAttemptRecord } from './model.js';
import { listCalls, type CallFilter } from './queries.js';
import { ActionRunner } from './runner.js';

export interface ActionServiceOptions {
  /** How calls reach vendors (default: the adapter runtime in this process). */
  caller?: ActionCaller;
  maxInFlight?: number;
  pollMs?: number;
  lockMs?: number;
  /** Whether to run action workers in this process (default true); calls are queued either way. */
  workers?: boolean;
  onRecorded?(record: CallAttemptRecord): void;
}

export interface ActionService {
  readonly caller: ActionCaller;
  list(filter: CallFilter): Promise<ActionCallView[]>;
  /** Resolves when no call is in flight and every finished one is recorded (tests, benchmarks). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Starts executing Integrations' actions on top of event delivery (its store, secrets, retry schedule, egress policy). */
export function startActions(delivery: DeliveryService, opts: ActionServiceOptions & { clock?: () => Date; log?: RuntimeLog; health?: ConnectorHealth; onError?(e: unknown): void } = {}): ActionService {
  const { config, store } = delivery;
  const caller = opts.caller ?? new AdapterActionCaller({ secrets: config.secrets, allowAddresses: config.allowAddresses, ...(opts.health ? { health: opts.health } : {}) });
  const catalog = new ActionCatalog(store, delivery.contractDocument);
  const runner = new ActionRunner({
    db: store.db,
    delivery,
    catalog,
    caller,
    retry: config.retry,
    random: config.random,
    // The embedded store is this process's alone (its directory lock): no other runtime can claim a call.
    leases: store.engine !== 'embedded',
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.health ? { health: opts.health } : {}),
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.onError ? { onError: opts.onError } : {}),
    ...(opts.maxInFlight ? { maxInFlight: opts.maxInFlight } : {}),
    ...(opts.pollMs ? { pollMs: opts.pollMs } : {}),
    ...(opts.lockMs ? { lockMs: opts.lockMs } : {}),
    ...(opts.onRecorded ? { onRecorded: opts.onRecorded } : {}),
  });
  const workers = opts.workers !== false;
  delivery.addAcceptHook({ prepare: () => runner.writer(), accepted: () => workers && runner.notify() });
  if (workers) runner.start();
  return {
    caller,
    list: (filter) => listCalls(store.db, filter),
    idle: () => runner.whenIdle(),
    close: () => runner.close(),
  };
}
