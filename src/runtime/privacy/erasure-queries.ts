import type { ErasureRequestView, ErasureStatus, ErasureStepView, IdentifierType, StepState, SubjectIdentifier } from '../../core/erasure-api.js';
import { payloadsOf, type Queryable } from '../store/database.js';
import { toIso, toIsoOrNull, toNumber } from '../store/rows.js';
import type { ErasureSpec, PlannedStep } from './erasure-plan.js';

interface RequestRow {
  id: string;
  identifiers: string;
  identifier_digests: string;
  content_hash: string;
  legal_basis: string;
  deadline: unknown;
  jurisdiction: string | null;
  status: string;
  created_at: unknown;
  created_by: string;
}

interface StepRow {
  request_id: string;
  step_id: string;
  integration: string;
  method: string;
  operation: string | null;
  identifier_type: string;
  spec: string;
  state: string;
  attempts: unknown;
  next_attempt_at: unknown;
  lease_until: unknown;
  due_at: unknown;
  outcome: string | null;
  updated_at: unknown;
}

/** A step as the worker runs it. */
export interface ClaimedStep {
  requestId: string;
  stepId: string;
  attempts: number;
  planned: PlannedStep;
  identifiers: SubjectIdentifier[];
  /** The request's tenant: the step's connector is that tenant's integration of this name. */
  tenant: string;
}

const TERMINAL: readonly StepState[] = ['done', 'failed'];

function stepView(r: StepRow): ErasureStepView {
  return {
    stepId: r.step_id,
    integration: r.integration,
    method: r.method as ErasureStepView['method'],
    operation: r.operation,
    identifierType: r.identifier_type as IdentifierType,
    state: r.state as StepState,
    attempts: toNumber(r.attempts),
    nextAttemptAt: toIsoOrNull(r.next_attempt_at),
    dueAt: toIsoOrNull(r.due_at),
    outcome: r.outcome,
    updatedAt: toIso(r.updated_at),
  };
}

function requestView(r: RequestRow, steps: StepRow[]): ErasureRequestView {
  return {
    id: r.id,
    status: r.status as ErasureStatus,
    identifiers: JSON.parse(r.identifier_digests) as ErasureRequestView['identifiers'],
    legalBasis: r.legal_basis,
    deadline: toIso(r.deadline),
    jurisdiction: r.jurisdiction,
    createdAt: toIso(r.created_at),
    createdBy: r.created_by,
    steps: steps.map(stepView),
  };
}
/** The subject's identifiers (held only while a step needs them) are sealed at rest under their own data key. */
export const ERASURE_SCOPE = 'erasure';

export async function insertRequest(
  tx: Queryable,
  r: { id: string; identifiers: SubjectIdentifier[]; digests: { type: IdentifierType; sha256: string }[]; contentHash: string; legalBasis: string; deadline: Date; jurisdiction: string | null; status: ErasureStatus; actor: string; now: Date },
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO erasure_requests (id, identifiers, identifier_digests, content_hash, legal_basis, deadline, jurisdiction, status, created_at, created_by, closed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (tenant_id, id) DO NOTHING RETURNING id`,
    [r.id, payloadsOf(tx).seal(ERASURE_SCOPE, JSON.stringify(r.identifiers)), JSON.stringify(r.digests), r.contentHash, r.legalBasis, r.deadline.toISOString(), r.jurisdiction, r.status, r.now.toISOString(), r.actor, r.status === 'nothing-held' ? r.now.toISOString() : null],
  );
  return rows.length === 1;
}

export async function insertStep(tx: Queryable, requestId: string, step: PlannedStep, state: StepState, dueAt: Date | null, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO erasure_steps (request_id, step_id, integration, method, operation, identifier_type, spec, state, attempts, next_attempt_at, due_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $10, $9)`,
    [requestId, step.stepId, step.integration, step.erasure.method, step.erasure.operation ?? null, step.identifierType, JSON.stringify(step), state, now.toISOString(), dueAt?.toISOString() ?? null],
  );
}

export async function contentHashOf(db: Queryable, id: string): Promise<string | null> {
  const [row] = await db.query<{ content_hash: string }>('SELECT content_hash FROM erasure_requests WHERE id = $1', [id]);
  return row ? row.content_hash : null;
}

export async function readRequest(db: Queryable, id: string): Promise<ErasureRequestView | null> {
  const [row] = await db.query<RequestRow>('SELECT * FROM erasure_requests WHERE id = $1', [id]);
  if (!row) return null;
  const steps = await db.query<StepRow>('SELECT * FROM erasure_steps WHERE request_id = $1 ORDER BY step_id', [id]);
  return requestView(row, steps);
}

export async function listRequests(db: Queryable, limit: number, status?: string): Promise<ErasureRequestView[]> {
  const rows = status
    ? await db.query<RequestRow>('SELECT * FROM erasure_requests WHERE status = $1 ORDER BY created_at DESC, id DESC LIMIT $2', [status, limit])
    : await db.query<RequestRow>('SELECT * FROM erasure_requests ORDER BY created_at DESC, id DESC LIMIT $1', [limit]);
  if (!rows.length) return [];
  const steps = await db.query<StepRow>('SELECT * FROM erasure_steps WHERE request_id = ANY($1::text[]) ORDER BY step_id', [rows.map((r) => r.id)]);
  return rows.map((r) => requestView(r, steps.filter((s) => s.request_id === r.id)));
}

/**
 * Claims up to `limit` due call steps (pending or retrying whose time has come, or in progress under a lapsed
 * lease: their runtime died mid-call) and marks them in progress under a lease, in one statement, so two
 * runtimes never run the same step at once.
 */
export async function claimSteps(db: Queryable, now: Date, leaseMs: number, limit: number): Promise<ClaimedStep[]> {
  const rows = await db.query<StepRow & { identifiers: string; tenant_id: string }>(
    `WITH due AS (
       SELECT request_id, step_id FROM erasure_steps
        WHERE (state IN ('pending', 'retrying') AND next_attempt_at <= $1) OR (state = 'in-progress' AND lease_until < $1)
        ORDER BY next_attempt_at NULLS FIRST LIMIT $3 FOR UPDATE SKIP LOCKED)
     UPDATE erasure_steps s SET state = 'in-progress', attempts = s.attempts + 1, lease_until = $2, updated_at = $1
       FROM due, erasure_requests r
      WHERE s.request_id = due.request_id AND s.step_id = due.step_id AND r.id = s.request_id
     RETURNING s.*, r.identifiers`,
    [now.toISOString(), new Date(now.getTime() + leaseMs).toISOString(), limit],
  );
  return rows.map((r) => ({ requestId: r.request_id, stepId: r.step_id, attempts: toNumber(r.attempts), planned: JSON.parse(r.spec) as PlannedStep, identifiers: JSON.parse(payloadsOf(db).open(r.identifiers)) as SubjectIdentifier[], tenant: r.tenant_id }));
}

/** Records a step's new state; only while the caller still holds it (in progress, same attempt). */
export async function finishStep(tx: Queryable, s: { requestId: string; stepId: string; attempt: number; state: StepState; nextAttemptAt: Date | null; outcome: string; now: Date }): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE erasure_steps SET state = $4, next_attempt_at = $5, lease_until = NULL, outcome = $6, updated_at = $7
      WHERE request_id = $1 AND step_id = $2 AND attempts = $3 AND state = 'in-progress' RETURNING step_id`,
    [s.requestId, s.stepId, s.attempt, s.state, s.nextAttemptAt?.toISOString() ?? null, s.outcome, s.now.toISOString()],
  );
  return rows.length === 1;
}

/** Obligations past their due date without evidence become overdue; returns them. */
export async function markOverdue(tx: Queryable, now: Date): Promise<{ requestId: string; stepId: string; dueAt: string }[]> {
  const rows = await tx.query<{ request_id: string; step_id: string; due_at: unknown }>(
    `UPDATE erasure_steps SET state = 'overdue', updated_at = $1 WHERE state = 'waiting-for-evidence' AND due_at < $1 RETURNING request_id, step_id, due_at`,
    [now.toISOString()],
  );
  return rows.map((r) => ({ requestId: r.request_id, stepId: r.step_id, dueAt: toIso(r.due_at) }));
}

/** Closes an obligation with the vendor's evidence; false when the step is not waiting for any. */
export async function closeObligation(tx: Queryable, requestId: string, stepId: string, outcome: string, now: Date): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE erasure_steps SET state = 'done', outcome = $3, updated_at = $4 WHERE request_id = $1 AND step_id = $2 AND state IN ('waiting-for-evidence', 'overdue') RETURNING step_id`,
    [requestId, stepId, outcome, now.toISOString()],
  );
  return rows.length === 1;
}

/**
 * Settles the request's status from its steps: open while one is not done or failed; then completed, or
 * failed when any step failed. A settled request forgets the subject's identifiers (digests stay).
 */
export async function settleRequest(tx: Queryable, requestId: string, now: Date): Promise<ErasureStatus | null> {
  const steps = await tx.query<{ state: string }>('SELECT state FROM erasure_steps WHERE request_id = $1', [requestId]);
  if (!steps.length || steps.some((s) => !TERMINAL.includes(s.state as StepState))) return null;
  const status: ErasureStatus = steps.some((s) => s.state === 'failed') ? 'failed' : 'completed';
  const rows = await tx.query(`UPDATE erasure_requests SET status = $2, closed_at = $3, identifiers = '[]' WHERE id = $1 AND status = 'open' RETURNING id`, [requestId, status, now.toISOString()]);
  return rows.length ? status : null;
}

export type { ErasureSpec };
