import { readFile } from 'node:fs/promises';
import type { ScheduleInput } from '../../core/schedule.js';
import path from 'node:path';
import { newId } from '../delivery/ids.js';
import type { SecretLookup } from '../delivery/secret-refs.js';
import { RuntimeProblem } from '../problem.js';
import type { Store } from '../store/store.js';
import { openDestination } from './destination.js';
import { readRecipients } from './encrypt.js';
import { exportJobs, type ExportJob } from './jobs.js';
import { abandonStale, finishRun, insertPart, insertRun, listRuns, resumableParts, type ExportRunView } from './run-queries.js';
import { exportWindow, type PartRecord } from './run-window.js';
import { previousWindow, type ExportWindow } from './window.js';

export interface ExportServiceOptions {
  store: Store;
  secrets: SecretLookup;
  /** The workspace the recipient key paths are relative to. */
  workspaceDir: string;
  /** Relative `destination.directory` paths resolve against this. */
  baseDir?: string;
  clock?: () => Date;
  /** Delays before the 2nd, 3rd … attempt of a failed run; its length is the number of retries. */
  retryDelaysMs?: readonly number[];
  /** Injected so tests retry without waiting. */
  sleep?: (ms: number) => Promise<void>;
  /** A running run whose heartbeat is older than this is taken over (its runtime stopped). */
  staleAfterMs?: number;
  pageSize?: number;
  groupRows?: number;
}

/** One export as `interlock exports list` shows it. */
export type { ExportJobView } from '../../core/exports-api.js';
import type { ExportJobView } from '../../core/exports-api.js';

export type ExportTrigger = 'api' | 'schedule';

export const DEFAULT_RETRY_DELAYS_MS = [30_000, 300_000] as const;

function describeDestination(job: ExportJob): string {
  const d = job.spec.destination;
  return d.s3 ? `s3://${d.s3.bucket}/${d.s3.prefix ?? ''}` : `dir:${d.directory?.path}`;
}

/** Error text for the run history: the message only, one line, bounded. */
function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').slice(0, 500);
}

export interface ExportService {
  list(): Promise<ExportJobView[]>;
  /**
   * Runs one window (default: the last whole period) now; with `retry`, a failed attempt is retried after
   * each configured delay, resuming its finished parts. Returns the last attempt.
   */
  run(integration: string, window: ExportWindow | null, trigger: ExportTrigger, opts?: { retry?: boolean }): Promise<ExportRunView>;
  history(filter: { integration?: string; limit?: number }): Promise<ExportRunView[]>;
  job(integration: string): Promise<ExportJob | null>;
}

export function exportService(opts: ExportServiceOptions): ExportService {
  const { store } = opts;
  const clock = opts.clock ?? (() => new Date());
  const delays = opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const staleAfterMs = opts.staleAfterMs ?? 10 * 60_000;

  const jobs = async () => exportJobs(await store.state({ kind: undefined }));

  async function recipientsOf(job: ExportJob) {
    const enc = job.spec.encryption;
    if (!enc) return null;
    const keys = await Promise.all(
      enc.recipients.map(async (p) => {
        try {
          return { name: p, armored: await readFile(path.resolve(opts.workspaceDir, p), 'utf8') };
        } catch {
          throw new Error(`recipient key ${p} is not readable in the workspace`);
        }
      }),
    );
    const parsed = await readRecipients(keys);
    return { keys: parsed, fingerprints: parsed.map((k) => k.getFingerprint().toUpperCase()) };
  }

  async function attempt(job: ExportJob, window: ExportWindow, n: number, trigger: string): Promise<{ id: string; ok: boolean }> {
    const id = newId('exp_', clock().getTime());
    const now = clock();
    let started = await insertRun(store.db, { id, integration: job.integration, window, attempt: n, trigger, specHash: job.hash, now });
    if (!started && (await abandonStale(store.db, job.integration, window, new Date(now.getTime() - staleAfterMs), now))) {
      started = await insertRun(store.db, { id, integration: job.integration, window, attempt: n, trigger, specHash: job.hash, now });
    }
    if (!started) throw new RuntimeProblem('change-conflict', `an export of ${job.integration} for this window is already running`);
    let rows = 0;
    let rejected = 0;
    try {
      const resumed: PartRecord[] = await resumableParts(store.db, job.integration, window, job.hash);
      for (const p of resumed) await insertPart(store.db, id, p, clock());
      const recipients = await recipientsOf(job);
      const destination = await openDestination(job.spec.destination, { secrets: opts.secrets, baseDir: opts.baseDir ?? process.cwd() });
      try {
        const result = await exportWindow(job, window, {
          db: store.db,
          destination,
          recipients,
          runId: id,
          now: clock,
          resumed,
          onPart: (p) => insertPart(store.db, id, p, clock()),
          ...(opts.pageSize ? { pageSize: opts.pageSize } : {}),
          ...(opts.groupRows ? { groupRows: opts.groupRows } : {}),
        });
        rows = result.rows;
        rejected = result.rejected;
      } finally {
        await destination.close();
      }
      await finishRun(store.db, id, { status: 'succeeded', rows, rejected, error: null, now: clock() });
      return { id, ok: true };
    } catch (error) {
      await finishRun(store.db, id, { status: 'failed', rows, rejected, error: errorText(error), now: clock() });
      return { id, ok: false };
    }
  }

  const view = async (id: string, integration: string) => (await listRuns(store.db, { integration, limit: 50 })).find((r) => r.id === id)!;

  return {
    async job(integration) {
      return (await jobs()).get(integration) ?? null;
    },
    async list() {
      const out: ExportJobView[] = [];
      for (const job of (await jobs()).values()) {
        const [lastRun] = await listRuns(store.db, { integration: job.integration, limit: 1 });
        out.push({
          integration: job.integration,
          enabled: job.enabled,
          dataContract: job.spec.dataContract,
          dataContractVersion: job.dataContract?.version ?? null,
          schedule: job.schedule,
          window: job.spec.window ?? 'day',
          format: job.spec.format ?? 'parquet',
          compression: job.spec.compression ?? 'zstd',
          encryption: job.spec.encryption ? { type: 'pgp', recipients: job.spec.encryption.recipients } : null,
          destination: describeDestination(job),
          lastRun: lastRun ?? null,
        });
      }
      return out.sort((a, b) => (a.integration < b.integration ? -1 : 1));
    },
    async run(integration, window, trigger, runOpts = { retry: true }) {
      const job = (await jobs()).get(integration);
      if (!job) throw new RuntimeProblem('not-found', `integration ${integration} has no export`);
      const w = window ?? previousWindow(job.spec.window ?? 'day', clock());
      let last = { id: '', ok: false };
      const attempts = runOpts.retry === false ? 1 : delays.length + 1;
      for (let n = 1; n <= attempts; n++) {
        if (n > 1) await sleep(delays[n - 2]);
        last = await attempt(job, w, n, trigger);
        if (last.ok) break;
      }
      return view(last.id, integration);
    },
    history: (filter) => listRuns(store.db, { limit: filter.limit ?? 50, ...(filter.integration ? { integration: filter.integration } : {}) }),
  };
}
