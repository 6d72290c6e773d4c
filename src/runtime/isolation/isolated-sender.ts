import type { SendRequest, SendResult } from '../delivery/http-sender.js';
import type { WebhookSender } from '../delivery/attempt.js';
import { IsolationError } from './isolation-error.js';
import type { IsolationPool } from './pool.js';
import type { SendCall } from './send-call.js';

/** Extra time a connector's worker gets beyond the request's own timeout to answer. */
const GRACE_MS = 1000;

/**
 * Webhook POSTs through each integration's worker. A misbehaving connector becomes a failed attempt
 * (no status, the cause as its error), which the delivery schedule retries like any other.
 */
export function isolatedSender(pool: IsolationPool): WebhookSender {
  return async (req: SendRequest, job) => {
    const call: SendCall = { request: { ...req, target: { ...req.target, url: req.target.url.href } }, integration: job.integration, attempt: job.attempt };
    try {
      return (await pool.call(job.integration, 'send', call, req.timeoutMs + GRACE_MS)) as SendResult;
    } catch (error) {
      if (error instanceof IsolationError) return { status: null, latencyMs: 0, error: `connector ${error.reason}: ${error.message}` };
      throw error;
    }
  };
}
