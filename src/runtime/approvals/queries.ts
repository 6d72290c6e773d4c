import { toIso, toIsoOrNull } from '../store/rows.js';
import type { Queryable } from '../store/database.js';
import type { Approval, ApprovalStatus } from './model.js';

interface Row {
  id: string;
  action: string;
  target: string;
  tier: string;
  params: string;
  status: string;
  requested_by: string;
  requested_at: unknown;
  decided_by: string | null;
  decided_at: unknown;
  result: string | null;
  slack_channel: string | null;
  slack_ts: string | null;
}

export interface StoredApproval extends Approval {
  slack: { channel: string; ts: string } | null;
}

function fromRow(r: Row): StoredApproval {
  return {
    id: r.id,
    action: r.action as Approval['action'],
    target: r.target,
    tier: r.tier,
    params: JSON.parse(r.params) as Approval['params'],
    status: r.status as ApprovalStatus,
    requestedBy: r.requested_by,
    requestedAt: toIso(r.requested_at),
    decidedBy: r.decided_by,
    decidedAt: toIsoOrNull(r.decided_at),
    result: r.result === null ? null : (JSON.parse(r.result) as unknown),
    slack: r.slack_channel && r.slack_ts ? { channel: r.slack_channel, ts: r.slack_ts } : null,
  };
}

export async function insertApproval(db: Queryable, a: Omit<Approval, 'status' | 'decidedBy' | 'decidedAt' | 'result'>): Promise<void> {
  await db.query('INSERT INTO approvals (id, action, target, tier, params, status, requested_by, requested_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
    a.id,
    a.action,
    a.target,
    a.tier,
    JSON.stringify(a.params),
    'pending',
    a.requestedBy,
    a.requestedAt,
  ]);
}

export async function rememberSlackMessage(db: Queryable, id: string, channel: string, ts: string): Promise<void> {
  await db.query('UPDATE approvals SET slack_channel = $2, slack_ts = $3 WHERE id = $1', [id, channel, ts]);
}

export async function readApproval(db: Queryable, id: string, forUpdate = false): Promise<StoredApproval | null> {
  const rows = await db.query<Row>(`SELECT * FROM approvals WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows.length ? fromRow(rows[0]) : null;
}

export async function listApprovals(db: Queryable, status?: ApprovalStatus, limit = 100): Promise<StoredApproval[]> {
  const rows = status
    ? await db.query<Row>('SELECT * FROM approvals WHERE status = $1 ORDER BY requested_at DESC, id DESC LIMIT $2', [status, limit])
    : await db.query<Row>('SELECT * FROM approvals ORDER BY requested_at DESC, id DESC LIMIT $1', [limit]);
  return rows.map(fromRow);
}

/** Records the decision; false when the approval was no longer pending (decided meanwhile). */
export async function recordDecision(db: Queryable, id: string, status: 'approved' | 'rejected', by: string, at: Date, result: unknown): Promise<boolean> {
  const rows = await db.query<{ id: string }>(
    "UPDATE approvals SET status = $2, decided_by = $3, decided_at = $4, result = $5 WHERE id = $1 AND status = 'pending' RETURNING id",
    [id, status, by, at.toISOString(), result === null ? null : JSON.stringify(result)],
  );
  return rows.length === 1;
}
