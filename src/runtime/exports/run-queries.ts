import type { Queryable } from '../store/database.js';
import { toIso, toIsoOrNull, toNumber, toStringOrNull } from '../store/rows.js';
import type { PartRecord } from './run-window.js';
import type { ExportWindow } from './window.js';

export type { ExportRunView, RunStatus } from '../../core/exports-api.js';
import type { ExportRunView, RunStatus } from '../../core/exports-api.js';

/** One attempt at one window, as `interlock exports history` shows it. */
interface RunRow {
  id: string;
  integration: string;
  window_start: unknown;
  window_end: unknown;
  attempt: unknown;
  trigger: string;
  status: RunStatus;
  rows: unknown;
  rejected: unknown;
  error: unknown;
  started_at: unknown;
  finished_at: unknown;
}

interface PartRow {
  run_id: string;
  part: unknown;
  key: string;
  rows: unknown;
  bytes: unknown;
  sha256: string;
  last_accepted_at: unknown;
  last_event_id: string;
}

function partRecord(p: PartRow): PartRecord {
  return { part: toNumber(p.part), key: p.key, rows: toNumber(p.rows), bytes: toNumber(p.bytes), sha256: p.sha256, last: { acceptedAt: toIso(p.last_accepted_at), id: p.last_event_id } };
}

/** Starts a run; false when another run of the window holds it (the partial unique index). */
export async function insertRun(
  db: Queryable,
  r: { id: string; integration: string; window: ExportWindow; attempt: number; trigger: string; specHash: string; now: Date },
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO export_runs (id, integration, window_start, window_end, attempt, trigger, status, spec_hash, started_at, heartbeat_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'running', $7, $8, $8)
     ON CONFLICT (tenant_id, integration, window_start) WHERE status = 'running' DO NOTHING RETURNING id`,
    [r.id, r.integration, r.window.start.toISOString(), r.window.end.toISOString(), r.attempt, r.trigger, r.specHash, r.now.toISOString()],
  );
  return rows.length === 1;
}

/** Marks a running run of the window abandoned when its heartbeat is older than `staleBefore` (a crashed runtime's). */
export async function abandonStale(db: Queryable, integration: string, window: ExportWindow, staleBefore: Date, now: Date): Promise<number> {
  const rows = await db.query(
    `UPDATE export_runs SET status = 'abandoned', finished_at = $4, error = 'no heartbeat: the runtime running it stopped'
     WHERE integration = $1 AND window_start = $2 AND status = 'running' AND heartbeat_at < $3 RETURNING id`,
    [integration, window.start.toISOString(), staleBefore.toISOString(), now.toISOString()],
  );
  return rows.length;
}

export async function heartbeat(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query('UPDATE export_runs SET heartbeat_at = $2 WHERE id = $1', [id, now.toISOString()]);
}

export async function insertPart(db: Queryable, runId: string, p: PartRecord, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO export_parts (run_id, part, key, rows, bytes, sha256, last_accepted_at, last_event_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (run_id, part) DO UPDATE SET key = EXCLUDED.key, rows = EXCLUDED.rows, bytes = EXCLUDED.bytes, sha256 = EXCLUDED.sha256,
       last_accepted_at = EXCLUDED.last_accepted_at, last_event_id = EXCLUDED.last_event_id`,
    [runId, p.part, p.key, p.rows, p.bytes, p.sha256, p.last.acceptedAt, p.last.id],
  );
  await heartbeat(db, runId, now);
}

export async function finishRun(db: Queryable, id: string, f: { status: 'succeeded' | 'failed'; rows: number; rejected: number; error: string | null; now: Date }): Promise<void> {
  await db.query('UPDATE export_runs SET status = $2, rows = $3, rejected = $4, error = $5, finished_at = $6 WHERE id = $1', [id, f.status, f.rows, f.rejected, f.error, f.now.toISOString()]);
}

/**
 * The parts a new attempt can keep: those of the latest earlier run of the same window, if it did not
 * succeed and wrote them with the same spec. A succeeded run is never resumed (running it again replaces it).
 */
export async function resumableParts(db: Queryable, integration: string, window: ExportWindow, specHash: string): Promise<PartRecord[]> {
  const [last] = await db.query<{ id: string; status: RunStatus; spec_hash: string }>(
    `SELECT id, status, spec_hash FROM export_runs WHERE integration = $1 AND window_start = $2 AND window_end = $3 AND status <> 'running'
     ORDER BY started_at DESC, attempt DESC LIMIT 1`,
    [integration, window.start.toISOString(), window.end.toISOString()],
  );
  if (!last || last.status === 'succeeded' || last.spec_hash !== specHash) return [];
  const parts = await db.query<PartRow>('SELECT * FROM export_parts WHERE run_id = $1 ORDER BY part', [last.id]);
  return parts.map(partRecord);
}

/** Runs newest first, with their files. */
export async function listRuns(db: Queryable, filter: { integration?: string; limit: number }): Promise<ExportRunView[]> {
  const runs = await db.query<RunRow>(
    `SELECT * FROM export_runs WHERE ($1::text IS NULL OR integration = $1) ORDER BY started_at DESC, attempt DESC LIMIT $2`,
    [filter.integration ?? null, filter.limit],
  );
  if (!runs.length) return [];
  const parts = await db.query<PartRow>('SELECT * FROM export_parts WHERE run_id = ANY($1::text[]) ORDER BY run_id, part', [runs.map((r) => r.id)]);
  const byRun = new Map<string, PartRow[]>();
  for (const p of parts) byRun.set(p.run_id, [...(byRun.get(p.run_id) ?? []), p]);
  return runs.map((r) => ({
    id: r.id,
    integration: r.integration,
    window: { start: toIso(r.window_start), end: toIso(r.window_end) },
    attempt: toNumber(r.attempt),
    trigger: r.trigger,
    status: r.status,
    rows: toNumber(r.rows),
    rejected: toNumber(r.rejected),
    error: toStringOrNull(r.error),
    startedAt: toIso(r.started_at),
    finishedAt: toIsoOrNull(r.finished_at),
    files: (byRun.get(r.id) ?? []).map((p) => ({ key: p.key, rows: toNumber(p.rows), bytes: toNumber(p.bytes), sha256: p.sha256 })),
  }));
}
