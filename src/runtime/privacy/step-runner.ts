import { withTenant } from '../store/tenant-scope.js';
import { canonicalJson, sha256Hex } from '../../core/canonical-json.js';
import type { StepState } from '../../core/erasure-api.js';
import { retryDelay, type RetryPolicy } from '../delivery/retry-schedule.js';
import type { Database } from '../store/database.js';
import type { ClaimedStep } from './erasure-queries.js';
import { finishStep, settleRequest } from './erasure-queries.js';
import { appendEvidence } from './evidence-log.js';
import { defaultMapping, operationInput, readPath } from './operation-input.js';
import { subjectContext } from './subject-context.js';
import type { CallTarget, OperationCaller, VendorAnswer } from './vendor-caller.js';

export interface StepRunnerDeps {
  db: Database;
  caller: OperationCaller;
  /** The applied integration and contract a step calls, or null when the integration is gone. */
  target(integration: string, contract: string): Promise<CallTarget | null>;
  retry: RetryPolicy;
  clock: () => Date;
  random: () => number;
}

/** Vendor answers worth another attempt: no answer at all, a timeout, throttling or a server error. */
function retryable(answer: Extract<VendorAnswer, { ok: false }>): boolean {
  return answer.status === null ? !answer.error.startsWith('request mapping') && !answer.error.startsWith('operation ') : answer.status === 408 || answer.status === 429 || answer.status >= 500;
}

/** What the evidence keeps of an answer: its status and a digest of the body (bodies may hold personal data). */
function answerEvidence(answer: VendorAnswer): Record<string, unknown> {
  return { status: answer.status, sha256: sha256Hex(canonicalJson(answer.body ?? null)), ...(answer.ok ? {} : { error: answer.error }) };
}

/**
 * Runs one claimed call step (delete or suppress): the identifier lookup when declared, then the operation,
 * each attempt evidenced and audited; the step ends done, is scheduled for a retry on the delivery schedule,
 * or fails when the schedule is exhausted or the vendor refused for good. The vendor sees the same
 * `Idempotency-Key` (request and step id) on every attempt, so a retry after a crash mid-call is one erasure.
 */
export async function runStep(deps: StepRunnerDeps, step: ClaimedStep): Promise<StepState> {
  const { planned } = step;
  const erasure = planned.erasure;
  const now = () => deps.clock();
  const identifier = step.identifiers.find((i) => i.type === planned.identifierType);
  const finish = async (state: StepState, outcome: string, evidence: Record<string, unknown>, nextAttemptAt: Date | null = null) => {
    await deps.db.transaction(async (tx) => {
      const at = now();
      if (!(await finishStep(tx, { requestId: step.requestId, stepId: step.stepId, attempt: step.attempts, state, nextAttemptAt, outcome, now: at }))) return;
      await appendEvidence(tx, { requestId: step.requestId, stepId: step.stepId, kind: 'attempt', data: { attempt: step.attempts, state, ...evidence } }, at);
      await settleRequest(tx, step.requestId, at);
    });
    return state;
  };
  const failure = (answer: Extract<VendorAnswer, { ok: false }>, evidence: Record<string, unknown>) => {
    const delay = retryable(answer) ? retryDelay(deps.retry, step.attempts + 1, deps.random) : null;
    if (delay === null) return finish('failed', `${answer.error} (attempt ${step.attempts})`, evidence);
    return finish('retrying', `${answer.error} (attempt ${step.attempts}; retried)`, evidence, new Date(now().getTime() + delay));
  };
  if (!identifier) return finish('failed', 'the request holds no identifier of this type any more', {});
  // Looked up in the request's tenant: another tenant may apply an integration of the same name, and the
  // subject's identifiers must never reach its vendor.
  const target = await withTenant(step.tenant, () => deps.target(planned.integration, planned.contract));
  if (!target) return finish('failed', `integration ${planned.integration} is no longer applied`, {});
  const subject = subjectContext(identifier);
  const key = `${step.requestId}:${step.stepId}`;
  const evidence: Record<string, unknown> = {};
  let lookup: Record<string, unknown> = {};
  if (erasure.lookup) {
    const l = erasure.lookup;
    const answer = await deps.caller.call(target, l.operation, (op) => operationInput(op, l.with ?? defaultMapping(erasure.identifier), { subject }), { idempotencyKey: `${key}:lookup` });
    evidence.lookup = { operation: l.operation, method: answer.method, path: answer.path, answer: answerEvidence(answer) };
    if (!answer.ok) return failure(answer, evidence);
    const id = readPath(answer.body, l.id);
    if (id === undefined || id === null || id === '') return finish('done', `${l.operation}: the vendor holds no record of the subject`, { ...evidence, result: 'not-held-at-vendor' });
    lookup = { id };
    evidence.lookup = { ...(evidence.lookup as object), idSha256: sha256Hex(String(id)) };
  }
  const operation = erasure.operation ?? '';
  let requestDigest = '';
  const answer = await deps.caller.call(
    target,
    operation,
    (op) => {
      const input = operationInput(op, erasure.with ?? defaultMapping(erasure.identifier), { subject, lookup });
      requestDigest = sha256Hex(canonicalJson(input));
      return input;
    },
    { idempotencyKey: key },
  );
  evidence.call = { operation, method: answer.method, path: answer.path, idempotencyKey: key, requestSha256: requestDigest, answer: answerEvidence(answer) };
  if (answer.ok) return finish('done', `${operation}: ${answer.status}`, { ...evidence, result: erasure.method === 'delete' ? 'deleted' : 'suppressed' });
  // Already gone at the vendor: the erasure's goal holds.
  if (answer.status === 404 || answer.status === 410) return finish('done', `${operation}: ${answer.status} (no such record at the vendor)`, { ...evidence, result: 'not-held-at-vendor' });
  return failure(answer, evidence);
}
