import type { HistoryAction, HistoryEntry, Labels, ResourceRecord, StateSnapshot } from '../model.js';
import type { Queryable } from './database.js';
import { toIso, toIsoOrNull, toNumber, toStringOrNull } from './rows.js';

export interface ResourceRow {
  kind: string;
  name: string;
  spec: string;
  labels: string;
  hash: string;
  protect: boolean;
  revision: unknown;
  updated_at: unknown;
  commit: string | null;
}

export const RESOURCE_COLUMNS = 'kind, name, spec, labels, hash, protect, revision, updated_at, commit';

export function resourceFromRow(r: ResourceRow): ResourceRecord {
  const record: ResourceRecord = {
    kind: r.kind,
    name: r.name,
    spec: JSON.parse(r.spec) as Record<string, unknown>,
    labels: JSON.parse(r.labels) as Labels,
    hash: r.hash,
    protect: r.protect,
    revision: toNumber(r.revision),
    updatedAt: toIso(r.updated_at),
  };
  if (r.commit !== null) record.commit = r.commit;
  return record;
}

/** The whole state (or one kind of it) as of one revision: both reads run in one transaction. */
export async function readState(db: { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> }, kind?: string): Promise<StateSnapshot> {
  return db.transaction(async (tx) => {
    const [meta] = await tx.query<{ revision: unknown; commit: string | null; applied_at: unknown }>(
      'SELECT revision, commit, applied_at FROM runtime_state WHERE id = 1',
    );
    const rows = kind
      ? await tx.query<ResourceRow>(`SELECT ${RESOURCE_COLUMNS} FROM resources WHERE kind = $1 ORDER BY kind, name`, [kind])
      : await tx.query<ResourceRow>(`SELECT ${RESOURCE_COLUMNS} FROM resources ORDER BY kind, name`);
    return {
      revision: toNumber(meta.revision),
      commit: toStringOrNull(meta.commit),
      appliedAt: toIsoOrNull(meta.applied_at),
      resources: rows.map(resourceFromRow),
    };
  });
}

export async function readRevision(db: Queryable): Promise<number> {
  const [meta] = await db.query<{ revision: unknown }>('SELECT revision FROM runtime_state WHERE id = 1');
  return toNumber(meta.revision);
}

export async function readResource(db: Queryable, kind: string, name: string): Promise<ResourceRecord | null> {
  const [row] = await db.query<ResourceRow>(`SELECT ${RESOURCE_COLUMNS} FROM resources WHERE kind = $1 AND name = $2`, [kind, name]);
  return row ? resourceFromRow(row) : null;
}

/** Oldest first; null when the resource never existed. */
export async function readHistory(db: Queryable, kind: string, name: string): Promise<HistoryEntry[] | null> {
  const rows = await db.query<{ revision: unknown; action: string; commit: string | null; actor: string; at: unknown; hash: string | null }>(
    'SELECT revision, action, commit, actor, at, hash FROM resource_history WHERE kind = $1 AND name = $2 ORDER BY id',
    [kind, name],
  );
  if (!rows.length) return null;
  return rows.map((r) => ({
    revision: toNumber(r.revision),
    action: r.action as HistoryAction,
    commit: r.commit,
    actor: r.actor,
    at: toIso(r.at),
    hash: r.hash,
  }));
}

/** Locks the state row for the rest of the transaction and returns the current revision. */
export async function lockState(tx: Queryable): Promise<number> {
  const [meta] = await tx.query<{ revision: unknown }>('SELECT revision FROM runtime_state WHERE id = 1 FOR UPDATE');
  return toNumber(meta.revision);
}

export interface HistoryRow {
  kind: string;
  name: string;
  action: HistoryAction;
  hash: string | null;
}

export async function insertHistory(
  tx: Queryable,
  rows: HistoryRow[],
  meta: { revision: number; commit: string | null; actor: string; at: string },
): Promise<void> {
  if (!rows.length) return;
  await tx.query(
    `INSERT INTO resource_history (kind, name, revision, action, commit, actor, at, hash)
     SELECT k, n, $5, a, $6, $7, $8::timestamptz, h FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(k, n, a, h)`,
    [rows.map((r) => r.kind), rows.map((r) => r.name), rows.map((r) => r.action), rows.map((r) => r.hash), meta.revision, meta.commit, meta.actor, meta.at],
  );
}
