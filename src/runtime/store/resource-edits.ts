import { specHash } from '../../core/canonical-json.js';
import type { AuditInput, PutResourceInput, ResourceRecord } from '../model.js';
import { RuntimeProblem } from '../problem.js';
import type { MutationContext } from './apply-batch.js';
import { appendAudit } from './audit-log.js';
import type { Queryable } from './database.js';
import { insertHistory, lockState, readResource, renderDocs, RESOURCE_COLUMNS, resourceFromRow, type ResourceRow } from './state-queries.js';

/**
 * An out-of-band edit: replaces (or creates) one resource outside any apply and moves the revision on,
 * which is exactly what drift looks like to a reconciler. Not fenced by the lease: it is the admin's lever.
 */
export async function putResource(tx: Queryable, kind: string, name: string, input: PutResourceInput, ctx: MutationContext, audit: AuditInput): Promise<ResourceRecord> {
  const revision = (await lockState(tx)) + 1;
  const at = ctx.now.toISOString();
  const hash = specHash(input.spec);
  const [row] = await tx.query<ResourceRow>(
    `INSERT INTO resources (kind, name, spec, labels, hash, protect, revision, updated_at, commit)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz, NULL)
     ON CONFLICT (tenant_id, kind, name) DO UPDATE SET spec = EXCLUDED.spec, labels = COALESCE($9, resources.labels), hash = EXCLUDED.hash,
       protect = COALESCE($10, resources.protect), revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at, commit = NULL
     RETURNING ${RESOURCE_COLUMNS}`,
    [kind, name, JSON.stringify(input.spec), JSON.stringify(input.labels ?? {}), hash, input.protect ?? false, revision, at,
      input.labels === undefined ? null : JSON.stringify(input.labels), input.protect ?? null],
  );
  await insertHistory(tx, [{ kind, name, action: 'edit', hash }], { revision, commit: null, actor: ctx.actor, at });
  await bumpRevision(tx, revision);
  await appendAudit(tx, { ...audit, data: { ...audit.data, revision, hash } }, ctx.now);
  return resourceFromRow(row);
}

/** Clears `protect` so that a later apply may delete the resource. */
export async function releaseResource(tx: Queryable, kind: string, name: string, ctx: MutationContext, audit: AuditInput): Promise<ResourceRecord> {
  const revision = (await lockState(tx)) + 1;
  const existing = await readResource(tx, kind, name);
  if (!existing) throw new RuntimeProblem('not-found', `no resource ${kind}/${name}`, { kind, name });
  const at = ctx.now.toISOString();
  const [row] = await tx.query<ResourceRow>(
    `UPDATE resources SET protect = false, revision = $3, updated_at = $4::timestamptz WHERE kind = $1 AND name = $2 RETURNING ${RESOURCE_COLUMNS}`,
    [kind, name, revision, at],
  );
  await insertHistory(tx, [{ kind, name, action: 'release', hash: existing.hash }], { revision, commit: null, actor: ctx.actor, at });
  await bumpRevision(tx, revision);
  await appendAudit(tx, { ...audit, data: { ...audit.data, revision, wasProtected: existing.protect } }, ctx.now);
  return resourceFromRow(row);
}

async function bumpRevision(tx: Queryable, revision: number): Promise<void> {
  await renderDocs(tx, revision);
  await tx.query('UPDATE runtime_state SET revision = $1 WHERE id = 1', [revision]);
}
