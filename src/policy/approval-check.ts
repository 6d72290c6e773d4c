import type { Tier, Vendor } from '../core/resources.js';
import type { AccessModel } from './access.js';
import type { MessageValue } from './rule.js';
import { parseDay } from './dates.js';
import { tierRank } from './policies.js';

export type Approval = NonNullable<Vendor['manifest']['spec']['approvals']>[number];

export interface ApprovalProblem {
  messageId: 'selfApproval' | 'roleNotHeld' | 'roleCannotApprove' | 'tierNotCovered' | 'approvalInFuture';
  /** The member of the approval entry the problem is about. */
  field: 'by' | 'role' | 'tier' | 'at';
  data: Record<string, MessageValue>;
}

/**
 * Why an onboarding approval does not count for a vendor of `tier`: self-approval, a role the login does not
 * hold or that may not approve the tier (Casbin: `(role, 'tier:<tier>', 'approve')` and the same for the login),
 * an approval given for a lower tier, or one dated after `now`. Without an access model the roles are not checked.
 */
export function approvalProblems(approval: Approval, tier: Tier, now: Date, access: AccessModel | undefined, author: string | undefined): ApprovalProblem[] {
  const out: ApprovalProblem[] = [];
  if (author && approval.by.toLowerCase() === author.toLowerCase()) out.push({ messageId: 'selfApproval', field: 'by', data: {} });
  if (access) {
    const roles = access.rolesOf(approval.by);
    const object = `tier:${tier}`;
    if (!roles.includes(approval.role)) out.push({ messageId: 'roleNotHeld', field: 'role', data: { roles: roles.length ? roles.join(', ') : 'none' } });
    else if (!access.can(approval.role, object, 'approve') || !access.can(approval.by, object, 'approve')) out.push({ messageId: 'roleCannotApprove', field: 'role', data: {} });
  }
  if (approval.tier && tierRank(approval.tier) < tierRank(tier)) out.push({ messageId: 'tierNotCovered', field: 'tier', data: { approvedTier: approval.tier } });
  const at = parseDay(approval.at);
  if (at && at.getTime() > now.getTime()) out.push({ messageId: 'approvalInFuture', field: 'at', data: { at: at.toISOString() } });
  return out;
}
