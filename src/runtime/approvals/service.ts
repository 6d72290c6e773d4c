import { randomBytes } from 'node:crypto';
import type { AccessControl } from '../access/enforcer.js';
import type { DeliveryService } from '../delivery/service.js';
import type { RuntimeLog } from '../log.js';
import type { AuditInput } from '../model.js';
import { appendAudit } from '../store/audit-log.js';
import type { Approval, ApprovalStatus, ReplayParams } from './model.js';
import { insertApproval, listApprovals, readApproval, recordDecision, rememberSlackMessage, type StoredApproval } from './queries.js';
import { approvalAction, approvalMessage, decidedMessage } from './slack-message.js';
import { approvalsChannel, approvalsIntegration, callSlack } from './slack-client.js';
import { replayIntegrations, tierNeedingApproval } from './tier.js';

export interface ApprovalOptions {
  /** The Slack integration approvals are posted through (default: the first applied one with a Slack-signed hook). */
  slackIntegration?: string;
  /** Its channel (default: `events.transform.set.channel` of that integration). */
  channel?: string;
}

/** A pending approval as the requester sees it, with whether its Slack message went out. */
export interface RequestedApproval {
  approval: Approval;
  slack: { posted: true; channel: string; ts: string | null } | { posted: false; error: string };
}

/** What a button press did. */
export type SlackDecision =
  | { outcome: 'approved' | 'rejected'; approval: string; by: string; roles: string[] }
  | { outcome: 'refused'; approval: string; by: string; roles: string[]; reason: string }
  | { outcome: 'unknown' | 'already-decided'; approval: string; by: string; status?: ApprovalStatus };

function view(a: StoredApproval): Approval {
  const { slack: _slack, ...rest } = a;
  return rest;
}

/**
 * Runtime actions that the access policy holds for a decision. A replay of deliveries to a vendor whose
 * tier is marked `approval-required` becomes a pending approval, posted to Slack with Approve / Reject
 * buttons. A press arrives at the Slack-signed hook; the Slack user (`slack:<id>` in access.csv, mapped
 * to a person and so to roles) must be allowed to `approve` that tier, like a vendor onboarding. The
 * request, every decision (refusals included) and the replay it runs are in the audit log.
 */
export class ApprovalService {
  constructor(
    private readonly deps: { delivery: DeliveryService; access: AccessControl; clock: () => Date; log?: RuntimeLog; options?: ApprovalOptions },
  ) {}

  private get db() {
    return this.deps.delivery.store.db;
  }

  /** Null when the replay may run at once; otherwise the approval it now waits for. */
  async gateReplay(params: ReplayParams, audit: AuditInput): Promise<RequestedApproval | null> {
    const integrations = await replayIntegrations(this.db, params);
    const tier = await tierNeedingApproval(this.deps.delivery.store, this.deps.access, integrations, 'replay');
    if (!tier) return null;
    const now = this.deps.clock();
    const approval: Approval = {
      id: `apr_${randomBytes(10).toString('hex')}`,
      action: 'replayDeliveries',
      target: integrations.length === 1 ? `Integration/${integrations[0]}` : 'deliveries',
      tier,
      params,
      status: 'pending',
      requestedBy: audit.actor,
      requestedAt: now.toISOString(),
      decidedBy: null,
      decidedAt: null,
      result: null,
    };
    await this.db.transaction(async (tx) => {
      await insertApproval(tx, approval);
      await appendAudit(tx, { ...audit, data: { ...audit.data, approval: approval.id, status: 'pending', tier } }, now);
    });
    return { approval, slack: await this.post(approval) };
  }

  list(status?: ApprovalStatus): Promise<Approval[]> {
    return listApprovals(this.db, status).then((rows) => rows.map(view));
  }

  async get(id: string): Promise<Approval | null> {
    const a = await readApproval(this.db, id);
    return a ? view(a) : null;
  }

  /** Decides from a verified Slack `block_actions` payload; null when it carries no approval button. */
  async decideFromSlack(payload: unknown): Promise<SlackDecision | null> {
    const action = approvalAction(payload);
    if (!action) return null;
    const by = `slack:${action.user.id}`;
    const approval = await readApproval(this.db, action.id);
    if (!approval) return { outcome: 'unknown', approval: action.id, by };
    if (approval.status !== 'pending') return { outcome: 'already-decided', approval: approval.id, by, status: approval.status };
    const roles = await this.deps.access.rolesOf(by);
    const slackUser = { id: action.user.id, ...(action.user.username ? { username: action.user.username } : {}) };
    const audit = (data: Record<string, unknown>): AuditInput => ({ actor: by, action: 'decideApproval', target: `Approval/${approval.id}`, data: { decision: action.decision, via: 'slack', slackUser, roles, tier: approval.tier, ...data } });
    const now = this.deps.clock();
    if (!this.deps.access.allows(by, { object: `tier:${approval.tier}`, action: 'approve' })) {
      const reason = `${by} (roles: ${roles.join(', ') || 'none'}) may not approve actions on a ${approval.tier}-tier vendor`;
      await this.deps.delivery.store.appendAudit(audit({ refused: reason }), now);
      this.deps.log?.({ level: 'warn', msg: `approval ${approval.id}: ${reason}`, approval: approval.id, by });
      return { outcome: 'refused', approval: approval.id, by, roles, reason };
    }
    const status = action.decision === 'approve' ? 'approved' : 'rejected';
    const claimed = await this.db.transaction(async (tx) => {
      if (!(await recordDecision(tx, approval.id, status, by, now, null))) return false;
      await appendAudit(tx, audit({ status }), now);
      return true;
    });
    if (!claimed) return { outcome: 'already-decided', approval: approval.id, by };
    if (status === 'approved') {
      const p = approval.params;
      const selection = 'id' in p ? { id: p.id } : { since: new Date(p.since), ...(p.integration ? { integration: p.integration } : {}) };
      const result = await this.deps.delivery.replay(selection, { actor: by, action: 'replayDeliveries', target: approval.target, data: { approval: approval.id, requestedBy: approval.requestedBy, ...p } });
      await this.db.query('UPDATE approvals SET result = $2 WHERE id = $1', [approval.id, JSON.stringify({ replayed: result.replayed.map((d) => d.id) })]);
    }
    if (approval.slack) {
      const integration = await approvalsIntegration(this.deps.delivery, this.deps.options?.slackIntegration);
      const updated = integration ? await callSlack(this.deps.delivery, integration, 'chat.update', decidedMessage(approval, approval.slack, status, action.user.username ?? by)) : null;
      if (updated && !updated.ok) this.deps.log?.({ level: 'warn', msg: `approval ${approval.id}: cannot update its Slack message: ${updated.error}`, approval: approval.id });
    }
    return { outcome: status, approval: approval.id, by, roles };
  }

  private async post(approval: Approval): Promise<RequestedApproval['slack']> {
    const fail = (error: string): RequestedApproval['slack'] => {
      this.deps.log?.({ level: 'error', msg: `approval ${approval.id}: not posted to Slack: ${error}`, approval: approval.id });
      return { posted: false, error };
    };
    const integration = await approvalsIntegration(this.deps.delivery, this.deps.options?.slackIntegration);
    if (!integration) return fail('no applied Slack integration (one whose inbound hook is Slack-signed) to post approvals through');
    const channel = await approvalsChannel(this.deps.delivery, integration, this.deps.options?.channel);
    if (!channel) return fail(`no channel for approvals: configure one or set events.transform.set.channel of ${integration}`);
    const answer = await callSlack(this.deps.delivery, integration, 'chat.postMessage', approvalMessage(approval, channel));
    if (!answer.ok) return fail(answer.error);
    if (answer.ts) await rememberSlackMessage(this.db, approval.id, answer.channel ?? channel, answer.ts);
    return { posted: true, channel, ts: answer.ts };
  }
}
