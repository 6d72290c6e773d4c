import { sendWebhook, type SendResult } from './http-sender.js';
import type { DeliveryConfig, DeliveryJob } from './model.js';
import type { AttemptResult } from './outcome.js';
import { signWebhook, splitSecrets } from './signing.js';
import { checkTarget, systemResolver, type Resolver } from './ssrf-guard.js';

export interface AttemptReport extends AttemptResult {
  latencyMs: number;
  /** When the attempt started (acceptance-to-first-attempt latency is measured to here). */
  startedAt: Date;
}

/**
 * Makes one attempt: resolves the secret reference now (never stored resolved), checks and pins the
 * target address, signs with a fresh timestamp and POSTs. Never throws: every failure is a result.
 */
export async function attemptDelivery(job: DeliveryJob, config: Pick<DeliveryConfig, 'secrets' | 'allowAddresses'>, resolve: Resolver = systemResolver): Promise<AttemptReport> {
  const startedAt = new Date();
  const failed = (error: string, permanent = false): AttemptReport => ({ status: null, error, permanent, latencyMs: 0, startedAt });
  const secret = config.secrets(job.target.secret);
  if (!secret) return failed(`secret ${job.target.secret} could not be resolved`);
  const check = await checkTarget(job.target.url, { localTesting: job.target.localTesting, allow: config.allowAddresses }, resolve);
  if (!check.ok) return failed(`refused: ${check.detail}`, check.reason !== 'unresolvable');
  let headers;
  try {
    headers = signWebhook(splitSecrets(secret), job.id, Math.floor(Date.now() / 1000), job.body);
  } catch (error) {
    return failed(`cannot sign: ${(error as Error).message}`);
  }
  const result: SendResult = await sendWebhook({ target: check.target, headers: { ...headers }, body: job.body, timeoutMs: job.target.timeoutMs });
  return { status: result.status, ...(result.retryAfter ? { retryAfter: result.retryAfter } : {}), ...(result.error ? { error: result.error } : {}), latencyMs: result.latencyMs, startedAt };
}
