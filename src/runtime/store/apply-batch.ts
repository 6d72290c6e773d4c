import { canonicalJson, specHash } from '../../core/canonical-json.js';
import type { ApplyRequest, ApplyResult, AuditInput, ResourceChange } from '../model.js';
import { RuntimeProblem, type ChangeConflict } from '../problem.js';
import { appendAudit } from './audit-log.js';
import type { Queryable } from './database.js';
import { checkFence } from './lease.js';
import { insertHistory, lockState, renderDocs, type HistoryRow } from './state-queries.js';

export interface MutationContext {
  actor: string;
  now: Date;
}

/** Refuses a batch that names one resource twice: its outcome would depend on order. */
export function assertNoDuplicates(changes: readonly ResourceChange[]): void {
  const seen = new Set<string>();
  const duplicates: ChangeConflict[] = [];
  for (const c of changes) {
    const id = `${c.kind}/${c.name}`;
    if (seen.has(id)) duplicates.push({ kind: c.kind, name: c.name, action: c.action, reason: 'duplicate' });
    seen.add(id);
  }
  if (duplicates.length) {
    throw new RuntimeProblem('invalid-request', 'a batch may change each resource once', { conflicts: duplicates });
  }
}

/**
 * Applies a whole batch in the caller's transaction, or nothing: the state row is locked first, so
 * concurrent appliers serialise and the second one sees the first one's revision (and gets a 409).
 */
export async function applyBatch(tx: Queryable, request: ApplyRequest, ctx: MutationContext, audit: AuditInput): Promise<ApplyResult> {
  assertNoDuplicates(request.changes);
  const current = await lockState(tx);
  await checkFence(tx, request.leaseToken, ctx.now);
  if (request.expectedRevision !== current) {
    throw new RuntimeProblem('stale-revision', `expected revision ${request.expectedRevision}, the state is at ${current}`, {
      expectedRevision: request.expectedRevision,
      currentRevision: current,
    });
  }
  const changes = request.changes;
  const at = ctx.now.toISOString();
  const commit = request.commit ?? null;
  if (!changes.length) {
    if (commit !== null) await tx.query('UPDATE runtime_state SET commit = $1, author = $2, applied_at = $3 WHERE id = 1', [commit, request.author ?? null, at]);
    await appendAudit(tx, { ...audit, data: { ...audit.data, revision: current, changes: [] } }, ctx.now);
    return { revision: current, results: [] };
  }

  await assertApplicable(tx, changes);
  const revision = current + 1;
  const creates = changes.filter((c) => c.action === 'create');
  const updates = changes.filter((c) => c.action === 'update');
  const deletes = changes.filter((c) => c.action === 'delete');
  const history: HistoryRow[] = [];

  if (creates.length) {
    const hashes = creates.map((c) => specHash(c.spec ?? {}));
    await tx.query(
      `INSERT INTO resources (kind, name, spec, labels, hash, protect, revision, updated_at, commit)
       SELECT k, n, s, l, h, p, $7, $8::timestamptz, $9 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bool[]) AS u(k, n, s, l, h, p)`,
      [
        creates.map((c) => c.kind),
        creates.map((c) => c.name),
        creates.map((c) => JSON.stringify(c.spec ?? {})),
        creates.map((c) => JSON.stringify(c.labels ?? {})),
        hashes,
        creates.map((c) => c.protect ?? false),
        revision,
        at,
        commit,
      ],
    );
    creates.forEach((c, i) => history.push({ kind: c.kind, name: c.name, action: 'create', hash: hashes[i] }));
  }
  if (updates.length) {
    // Fields an update leaves out keep their current value.
    const rows = await tx.query<{ kind: string; name: string; hash: string }>(
      `UPDATE resources r SET spec = COALESCE(u.s, r.spec), labels = COALESCE(u.l, r.labels), hash = COALESCE(u.h, r.hash),
         protect = COALESCE(u.p, r.protect), revision = $7, updated_at = $8::timestamptz, commit = $9
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bool[]) AS u(k, n, s, l, h, p)
       WHERE r.kind = u.k AND r.name = u.n
       RETURNING r.kind, r.name, r.hash`,
      [
        updates.map((c) => c.kind),
        updates.map((c) => c.name),
        updates.map((c) => (c.spec === undefined ? null : JSON.stringify(c.spec))),
        updates.map((c) => (c.labels === undefined ? null : JSON.stringify(c.labels))),
        updates.map((c) => (c.spec === undefined ? null : specHash(c.spec))),
        updates.map((c) => (c.protect === undefined ? null : c.protect)),
        revision,
        at,
        commit,
      ],
    );
    for (const r of rows) history.push({ kind: r.kind, name: r.name, action: 'update', hash: r.hash });
  }
  if (deletes.length) {
    await tx.query('DELETE FROM resources r USING unnest($1::text[], $2::text[]) AS u(k, n) WHERE r.kind = u.k AND r.name = u.n', [
      deletes.map((c) => c.kind),
      deletes.map((c) => c.name),
    ]);
    for (const c of deletes) history.push({ kind: c.kind, name: c.name, action: 'delete', hash: null });
  }

  await renderDocs(tx, revision);
  await insertHistory(tx, history, { revision, commit, actor: ctx.actor, at });
  await tx.query('UPDATE runtime_state SET revision = $1, commit = COALESCE($2, commit), author = $3, applied_at = $4 WHERE id = 1', [
    revision,
    commit,
    request.author ?? null,
    at,
  ]);
  const summary = history.map((h) => ({ action: h.action, kind: h.kind, name: h.name, hash: h.hash }));
  await appendAudit(tx, { ...audit, data: { ...audit.data, revision, commit, author: request.author ?? null, changes: summary } }, ctx.now);
  return { revision, results: changes.map((c) => ({ kind: c.kind, name: c.name, action: c.action, status: 'applied' as const })) };
}

/** Every conflict of the batch at once, so a caller can fix them all before retrying. */
async function assertApplicable(tx: Queryable, changes: readonly ResourceChange[]): Promise<void> {
  const existing = await tx.query<{ kind: string; name: string; protect: boolean }>(
    `SELECT r.kind, r.name, r.protect FROM resources r JOIN unnest($1::text[], $2::text[]) AS u(k, n) ON r.kind = u.k AND r.name = u.n FOR UPDATE OF r`,
    [changes.map((c) => c.kind), changes.map((c) => c.name)],
  );
  const protectedById = new Map(existing.map((r) => [canonicalJson([r.kind, r.name]), r.protect]));
  const conflicts: ChangeConflict[] = [];
  for (const c of changes) {
    const isProtected = protectedById.get(canonicalJson([c.kind, c.name]));
    const base = { kind: c.kind, name: c.name, action: c.action };
    if (c.action === 'create' && isProtected !== undefined) conflicts.push({ ...base, reason: 'exists' });
    else if (c.action !== 'create' && isProtected === undefined) conflicts.push({ ...base, reason: 'missing' });
    else if (c.action === 'delete' && isProtected) conflicts.push({ ...base, reason: 'protected' });
  }
  if (conflicts.length) {
    const first = conflicts[0];
    throw new RuntimeProblem(
      'change-conflict',
      `${conflicts.length} change(s) conflict with the current state; first: ${first.action} ${first.kind}/${first.name} (${first.reason})`,
      { conflicts },
    );
  }
}
