import { Worker } from 'node:worker_threads';
import { IsolationError } from './isolation-error.js';
import type { CallMessage, HostReply, HostRequest, ReadyMessage, ReplyMessage, WorkerBoot } from './protocol.js';

export interface WorkerLimits {
  /** The worker's V8 old-generation heap cap; going past it ends the worker with ERR_WORKER_OUT_OF_MEMORY. */
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb?: number;
  /** How long loading the connector module may take before the worker is ended as a timeout. */
  startTimeoutMs: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: IsolationError): void;
  timer: NodeJS.Timeout | undefined;
}

/**
 * One connector's worker thread: calls go in as messages, answers come back by id. A call that does not
 * answer in time terminates the worker (a loop cannot be interrupted any other way); an exit or an
 * out-of-memory ends it too. Once dead it stays dead: every pending and later call fails with the cause.
 */
export class ConnectorWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private readonly ready: Promise<void>;
  private nextId = 1;
  private death: IsolationError | null = null;
  private readonly exited: Promise<void>;

  constructor(
    entry: URL,
    boot: WorkerBoot,
    limits: WorkerLimits,
    onDeath: (cause: IsolationError) => void,
    /** Answers a worker's request for a secret: the value, or a message naming the reference. */
    private readonly secret: (ref: string) => Promise<{ ok: true; value: string } | { ok: false; error: string }> = async (ref) => ({ ok: false, error: `secret ${ref}: this worker has no secrets` }),
  ) {
    this.worker = new Worker(entry, {
      workerData: boot,
      resourceLimits: { maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb, ...(limits.maxYoungGenerationSizeMb ? { maxYoungGenerationSizeMb: limits.maxYoungGenerationSizeMb } : {}) },
    });
    this.worker.unref();
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.once('message', (m: ReadyMessage) => {
        if (m.ready) resolve();
        else this.die(new IsolationError('crashed', m.error));
        this.worker.on('message', (m: ReplyMessage | HostRequest) => ('host' in m ? this.host(m) : this.answer(m)));
      });
      this.die = (cause) => {
        reject(cause);
        this.fail(cause, onDeath);
      };
    });
    this.ready.catch(() => undefined);
    const starting = setTimeout(() => this.die(new IsolationError('timeout', `the connector did not start within ${limits.startTimeoutMs} ms; worker terminated`)), limits.startTimeoutMs);
    this.ready.then(() => clearTimeout(starting), () => clearTimeout(starting));
    this.worker.on('error', (error: Error & { code?: string }) => {
      this.die(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new IsolationError('out-of-memory', `the connector ran out of memory (heap cap ${limits.maxOldGenerationSizeMb} MB); worker ended`) : new IsolationError('crashed', `the connector crashed: ${error.message}`));
    });
    this.exited = new Promise((resolve) => this.worker.once('exit', (code) => {
      this.die(new IsolationError('crashed', `the connector's worker exited with code ${code}`));
      resolve();
    }));
  }

  /** Set in the constructor: records the first cause of death. */
  private die: (cause: IsolationError) => void = () => undefined;

  get alive(): boolean {
    return this.death === null;
  }

  get threadId(): number {
    return this.worker.threadId;
  }

  /** Runs `op` in the worker once it has started; the deadline runs from when the call is handed over. */
  call(op: string, args: unknown, timeoutMs: number): Promise<unknown> {
    if (this.death) return Promise.reject(this.death);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const entry: Pending = { resolve, reject, timer: undefined };
      this.pending.set(id, entry);
      this.ready.then(
        () => {
          if (this.death || !this.pending.has(id)) return;
          entry.timer = setTimeout(() => this.die(new IsolationError('timeout', `${op} did not answer within ${timeoutMs} ms; worker terminated`)), timeoutMs);
          this.worker.postMessage({ id, op, args } satisfies CallMessage);
        },
        () => undefined,
      );
    });
  }

  /** Ends the worker; pending calls fail as crashed. */
  async close(): Promise<void> {
    this.die(new IsolationError('crashed', 'the connector worker was stopped'));
    await this.exited;
  }

  private host(request: HostRequest): void {
    void this.secret(request.secret).then(
      (r) => {
        if (!this.death) this.worker.postMessage((r.ok ? { hostReply: request.host, ok: true, value: r.value } : { hostReply: request.host, ok: false, error: r.error }) satisfies HostReply);
      },
      (error: unknown) => {
        if (!this.death) this.worker.postMessage({ hostReply: request.host, ok: false, error: (error as Error).message } satisfies HostReply);
      },
    );
  }

  private answer(reply: ReplyMessage): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    clearTimeout(p.timer);
    if (reply.ok) p.resolve(reply.value);
    else p.reject(new IsolationError('threw', reply.error));
  }

  private fail(cause: IsolationError, onDeath: (cause: IsolationError) => void): void {
    if (this.death) return;
    this.death = cause;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(cause);
    }
    this.pending.clear();
    void this.worker.terminate();
    onDeath(cause);
  }
}
