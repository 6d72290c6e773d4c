import type { ConnectorHealth } from '../connectors/health.js';
import { sendWebhook, type SendRequest, type SendResult } from './http-sender.js';
import type { DeliveryConfig, DeliveryJob } from './model.js';
import type { AttemptResult } from './outcome.js';
import { signWebhook, splitSecrets } from './signing.js';
import { resolveFor } from './secret-refs.js';
import { checkTarget, systemResolver, type Resolver } from './ssrf-guard.js';

export interface AttemptReport extends AttemptResult {
  latencyMs: number;
  /** When the attempt started (acceptance-to-first-attempt latency is measured to here). */
  startedAt: Date;
}

/** Makes the POST of an attempt: in-process by default, or through the integration's isolated worker. */
export type WebhookSender = (req: SendRequest, job: Pick<DeliveryJob, 'integration' | 'attempt'>) => Promise<SendResult>;

const inProcess: WebhookSender = (req) => sendWebhook(req);

/**
 * Makes one attempt: resolves the secret reference now (never stored resolved), checks and pins the
 * target address, signs with a fresh timestamp and POSTs. Never throws: every failure is a result.
 */
export async function attemptDelivery(job: DeliveryJob, config: Pick<DeliveryConfig, 'secrets' | 'allowAddresses'>, resolve: Resolver = systemResolver, health?: ConnectorHealth, send: WebhookSender = inProcess): Promise<AttemptReport> {
  const startedAt = new Date();
  const failed = (error: string, permanent = false): AttemptReport => ({ status: null, error, permanent, latencyMs: 0, startedAt });
  const resolved = await resolveFor(config.secrets, job.target.secret, job.integration, health);
  if (!resolved.ok) return failed(resolved.error);
  const secret = resolved.value;
  const check = await checkTarget(job.target.url, { localTesting: job.target.localTesting, allow: config.allowAddresses }, resolve);
  if (!check.ok) return failed(`refused: ${check.detail}`, check.reason !== 'unresolvable');
  let headers;
  try {
    headers = signWebhook(splitSecrets(secret), job.id, Math.floor(Date.now() / 1000), job.body);
  } catch (error) {
    return failed(`cannot sign: ${(error as Error).message}`);
  }
  const result: SendResult = await send({ target: check.target, headers: { ...headers }, body: job.body, timeoutMs: job.target.timeoutMs }, job);
  // The receiver refused our signature: the secret may have been rotated, so read it again next time.
  if (result.status === 401 || result.status === 403) config.secrets.invalidate?.(job.target.secret);
  return { status: result.status, ...(result.retryAfter ? { retryAfter: result.retryAfter } : {}), ...(result.error ? { error: result.error } : {}), latencyMs: result.latencyMs, startedAt };
}
