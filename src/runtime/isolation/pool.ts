import type { ConnectorHealth } from '../connectors/health.js';
import type { RuntimeLog } from '../log.js';
import { ConnectorWorker, type WorkerLimits } from './connector-worker.js';
import { IsolationError, type IsolationFailure } from './isolation-error.js';
import { isolationFile } from './worker-files.js';

export interface IsolationOptions {
  /** Deadline of a call when the caller gives none (default 30 s). */
  callTimeoutMs?: number;
  /** Heap cap of each connector's worker (default 128 MB). */
  maxMemoryMb?: number;
  /** How long a worker may take to load its connector module (default 30 s). */
  startTimeoutMs?: number;
  /** The connector module an integration's worker loads (a file URL); default: the built-in one. */
  moduleFor?(integration: string): string | undefined;
  health?: ConnectorHealth;
  log?: RuntimeLog;
  /** Resolves a secret reference a connector asks for, on behalf of its integration (the runtime's resolver). */
  secret?(integration: string, ref: string): Promise<{ ok: true; value: string } | { ok: false; error: string }>;
}

export interface IsolateStats {
  integration: string;
  /** Workers started for it; more than one means it was restarted. */
  starts: number;
  failures: Partial<Record<IsolationFailure, number>>;
  alive: boolean;
}

/** The health check name under which containment events show. */
export const ISOLATION_CHECK = 'isolation';

/**
 * One worker thread per integration, started on its first call and restarted on the call after it died.
 * What one connector does (loop, throw, exhaust its heap) stays in its worker: the call fails with an
 * IsolationError, the failure is logged and shown in integration health until a later call succeeds.
 */
export class IsolationPool {
  private readonly workers = new Map<string, ConnectorWorker>();
  private readonly stats_ = new Map<string, IsolateStats>();
  private readonly entry: URL;
  private readonly builtin: string;
  private readonly limits: WorkerLimits;
  private closed = false;

  constructor(private readonly opts: IsolationOptions = {}) {
    this.entry = isolationFile('worker-main');
    this.builtin = isolationFile('builtin-connector').href;
    this.limits = { maxOldGenerationSizeMb: opts.maxMemoryMb ?? 128, startTimeoutMs: opts.startTimeoutMs ?? 30_000 };
  }

  get callTimeoutMs(): number {
    return this.opts.callTimeoutMs ?? 30_000;
  }

  /** Runs `op` of the integration's connector in its worker. Rejects with an IsolationError when the connector misbehaves. */
  async call(integration: string, op: string, args: unknown, timeoutMs = this.callTimeoutMs): Promise<unknown> {
    if (this.closed) throw new IsolationError('crashed', 'the isolation pool is closed');
    const worker = this.workerFor(integration);
    try {
      const value = await worker.call(op, args, timeoutMs);
      this.opts.health?.pass(integration, ISOLATION_CHECK, op);
      return value;
    } catch (error) {
      if (!(error instanceof IsolationError)) throw error;
      const stats = this.statsOf(integration);
      stats.failures[error.reason] = (stats.failures[error.reason] ?? 0) + 1;
      this.opts.health?.fail(integration, ISOLATION_CHECK, op, error.reason, `connector ${op}: ${error.message}`);
      this.opts.log?.({ level: error.fatal ? 'error' : 'warn', msg: `integration ${integration}: connector ${op} ${error.reason}: ${error.message}`, integration, op, reason: error.reason });
      throw error;
    }
  }

  stats(): IsolateStats[] {
    return [...this.stats_.values()].map((s) => ({ ...s, failures: { ...s.failures }, alive: this.workers.get(s.integration)?.alive ?? false })).sort((a, b) => a.integration.localeCompare(b.integration));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.workers.values()].map((w) => w.close()));
    this.workers.clear();
  }

  private workerFor(integration: string): ConnectorWorker {
    const known = this.workers.get(integration);
    if (known?.alive) return known;
    const stats = this.statsOf(integration);
    stats.starts++;
    if (stats.starts > 1) this.opts.log?.({ level: 'info', msg: `integration ${integration}: connector worker restarted`, integration, starts: stats.starts });
    const secret = this.opts.secret;
    const worker = new ConnectorWorker(
      this.entry,
      { module: this.opts.moduleFor?.(integration) ?? this.builtin },
      this.limits,
      () => undefined,
      secret ? (ref) => secret(integration, ref) : undefined,
    );
    this.workers.set(integration, worker);
    return worker;
  }

  private statsOf(integration: string): IsolateStats {
    let s = this.stats_.get(integration);
    if (!s) this.stats_.set(integration, (s = { integration, starts: 0, failures: {}, alive: false }));
    return s;
  }
}
