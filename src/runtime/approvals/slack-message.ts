import type { Approval } from './model.js';

export const APPROVE_ACTION = 'interlock_approval_approve';
export const REJECT_ACTION = 'interlock_approval_reject';

function describe(a: Approval): string {
  const what = 'id' in a.params ? `delivery ${a.params.id}` : `dead letters since ${a.params.since}${a.params.integration ? ` of ${a.params.integration}` : ''}`;
  return `Replay ${what} (${a.target}, vendor tier ${a.tier})`;
}

/** The `chat.postMessage` body: what is asked, by whom, with Approve and Reject buttons carrying the approval id. */
export function approvalMessage(a: Approval, channel: string): Record<string, unknown> {
  return {
    channel,
    text: `Approval needed: ${describe(a)}, requested by ${a.requestedBy}`,
    unfurl_links: false,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*Approval needed*: ${describe(a)}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${a.id} · requested by ${a.requestedBy} at ${a.requestedAt}` }] },
      {
        type: 'actions',
        block_id: `approval:${a.id}`,
        elements: [
          { type: 'button', action_id: APPROVE_ACTION, style: 'primary', text: { type: 'plain_text', text: 'Approve' }, value: a.id },
          { type: 'button', action_id: REJECT_ACTION, style: 'danger', text: { type: 'plain_text', text: 'Reject' }, value: a.id },
        ],
      },
    ],
    metadata: { event_type: 'interlock_approval', event_payload: { approval: a.id, target: a.target } },
  };
}

/** The `chat.update` body once decided: the buttons give way to the outcome. */
export function decidedMessage(a: Approval, slack: { channel: string; ts: string }, decision: 'approved' | 'rejected', by: string): Record<string, unknown> {
  const text = `${describe(a)}: ${decision} by ${by}`;
  return { channel: slack.channel, ts: slack.ts, text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** The approval button in a verified `block_actions` payload, if it carries one. */
export function approvalAction(payload: unknown): { id: string; decision: 'approve' | 'reject'; user: { id: string; username?: string } } | null {
  if (!payload || typeof payload !== 'object') return null;
  const p = payload as { type?: unknown; user?: { id?: unknown; username?: unknown }; actions?: unknown };
  if (p.type !== 'block_actions' || typeof p.user?.id !== 'string' || !Array.isArray(p.actions)) return null;
  for (const a of p.actions as { action_id?: unknown; value?: unknown }[]) {
    if ((a.action_id === APPROVE_ACTION || a.action_id === REJECT_ACTION) && typeof a.value === 'string') {
      return { id: a.value, decision: a.action_id === APPROVE_ACTION ? 'approve' : 'reject', user: { id: p.user.id, ...(typeof p.user.username === 'string' ? { username: p.user.username } : {}) } };
    }
  }
  return null;
}
