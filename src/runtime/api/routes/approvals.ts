import type { ApprovalStatus } from '../../approvals/model.js';
import { RuntimeProblem } from '../../problem.js';
import type { RequestContext, Route } from '../route.js';
import type { ApprovalService } from '../../approvals/service.js';

const read = { object: 'approvals', action: 'read' };
const STATUSES: ApprovalStatus[] = ['pending', 'approved', 'rejected'];

function approvalsOf(ctx: RequestContext): ApprovalService {
  if (!ctx.services.approvals) throw new RuntimeProblem('not-ready', 'approvals need event delivery, which is not running in this runtime');
  return ctx.services.approvals;
}

/** `GET /v1/approvals?status=pending`: runtime actions held for a decision, newest first. */
export const listApprovals: Route = {
  method: 'GET',
  path: '/v1/approvals',
  operationId: 'listApprovals',
  auth: 'bearer',
  permission: read,
  target: () => 'approvals',
  async handle(ctx) {
    const status = ctx.query.get('status');
    if (status !== null && !STATUSES.includes(status as ApprovalStatus)) {
      throw new RuntimeProblem('invalid-request', `/status: must be one of ${STATUSES.join(', ')}`, { errors: [{ pointer: '/status', message: `must be one of ${STATUSES.join(', ')}` }] });
    }
    return { status: 200, body: { approvals: await approvalsOf(ctx).list(status ? (status as ApprovalStatus) : undefined) } };
  },
};

/** `GET /v1/approvals/{id}`: one approval, with who decided and what it ran. */
export const getApproval: Route = {
  method: 'GET',
  path: '/v1/approvals/{id}',
  operationId: 'getApproval',
  auth: 'bearer',
  permission: read,
  target: (ctx) => `Approval/${ctx.params.id}`,
  async handle(ctx) {
    const approval = await approvalsOf(ctx).get(ctx.params.id);
    if (!approval) throw new RuntimeProblem('not-found', `no approval ${ctx.params.id}`, { id: ctx.params.id });
    return { status: 200, body: approval };
  },
};

export const approvalRoutes: Route[] = [listApprovals, getApproval];
