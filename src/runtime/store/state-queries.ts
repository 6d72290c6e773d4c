import type { HistoryAction, HistoryEntry, Labels, ResourceRecord, StateSnapshot } from '../model.js';
import type { Database, Queryable } from './database.js';
import { RESOURCE_JSON } from './resource-json.js';
import { toIso, toIsoOrNull, toNumber, toStringOrNull } from './rows.js';
import { currentTenant } from './tenant-scope.js';

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

/** Last snapshot text per tenant and kind filter, valid while the state row is unchanged. */
export type StateJsonCache = Map<string, { key: string; json: string }>;

/**
 * The whole state (or one kind of it) as the JSON text of a `StateSnapshot`, as of one revision.
 * Resources are ordered by kind, then name, byte-wise on both engines.
 * Every change moves the revision or `applied_at`, so a snapshot cached under those stays exact even
 * with several runtimes on one PostgreSQL database; an unchanged state is served without re-reading it.
 */
export async function readStateJson(db: Database, kind?: string, cache?: StateJsonCache): Promise<string> {
  type Meta = { revision: unknown; commit: string | null; applied_at: unknown };
  const keyOf = (m: Meta) => JSON.stringify({ revision: toNumber(m.revision), commit: toStringOrNull(m.commit), appliedAt: toIsoOrNull(m.applied_at) });
  // Per tenant: the state row (and so the cache key) is runtime-wide, the resources are not.
  const slot = `${currentTenant() ?? '*'}\u0000${kind ?? ''}`;
  const cached = cache?.get(slot);
  if (cached) {
    const [meta] = await db.query<Meta>('SELECT revision, commit, applied_at FROM runtime_state WHERE id = 1');
    if (keyOf(meta) === cached.key) return cached.json;
  }
  const order = 'ORDER BY kind COLLATE "C", name COLLATE "C"';
  const filter = kind ? 'WHERE kind = $1' : '';
  let row: Meta & { json: string | null };
  if (db.engine === 'postgres') {
    // A server streams 10,000 short rows faster than it builds one long value; REPEATABLE READ makes the
    // two statements one snapshot.
    row = await db.transaction(async (tx) => {
      await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const [meta] = await tx.query<Meta>('SELECT revision, commit, applied_at FROM runtime_state WHERE id = 1');
      const docs = await tx.query<{ doc: string }>(`SELECT doc FROM resources ${filter} ${order}`, kind ? [kind] : []);
      return { ...meta, json: docs.map((d) => d.doc).join(',') };
    });
  } else {
    // In-process PGlite: one long value crosses the WebAssembly boundary faster than 10,000 rows; one
    // statement is one snapshot.
    [row] = await db.query<Meta & { json: string | null }>(
      `SELECT s.revision, s.commit, s.applied_at, (SELECT string_agg(doc, ',' ${order}) FROM resources ${filter}) AS json
       FROM runtime_state s WHERE s.id = 1`,
      kind ? [kind] : [],
    );
  }
  const key = keyOf(row);
  const json = `${key.slice(0, -1)},"resources":[${row.json ?? ''}]}`;
  cache?.set(slot, { key, json });
  return json;
}

export async function readState(db: Database, kind?: string): Promise<StateSnapshot> {
  return JSON.parse(await readStateJson(db, kind)) as StateSnapshot;
}

/**
 * Re-renders the stored JSON document of every resource changed at `revision` (a mutation gives all the
 * rows it touches its new revision), so reads concatenate documents instead of building them.
 */
export async function renderDocs(tx: Queryable, revision: number): Promise<void> {
  await tx.query(`UPDATE resources SET doc = ${RESOURCE_JSON} WHERE revision = $1`, [revision]);
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
