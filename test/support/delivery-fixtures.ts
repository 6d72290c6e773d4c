import { randomBytes } from 'node:crypto';
import type { Store } from '../../src/runtime/store/store.js';

export const newWebhookSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

/** Fast schedule for tests: five attempts within a fraction of a second, no jitter. */
export const FAST_RETRY = { delaysMs: [0, 40, 80, 120, 160], jitter: 0, maxRetryAfterMs: 1000 };

export function integrationSpec(url: string, opts: { subscribe?: string[]; concurrency?: number; transform?: Record<string, unknown>; secretRef?: string } = {}): Record<string, unknown> {
  return {
    vendor: 'acme',
    enabled: true,
    contract: { ref: 'acme-api' },
    direction: 'outbound',
    endpoint: { baseUrl: 'https://acme.example', localTesting: true, timeoutMs: 2000 },
    auth: { type: 'none' },
    events: {
      subscribe: opts.subscribe ?? ['incident.*'],
      ...(opts.transform ? { transform: opts.transform } : {}),
      delivery: { url, secret: opts.secretRef ?? 'env:ACME_WEBHOOK_SECRET', concurrency: opts.concurrency ?? 4 },
    },
  };
}

/** Puts an Integration into the applied state, as an apply would. */
export async function putIntegration(store: Store, name: string, spec: Record<string, unknown>): Promise<void> {
  await store.putResource('Integration', name, { spec }, { actor: 'test', now: new Date() }, { actor: 'test', action: 'putResource', target: `Integration/${name}`, data: {} });
}
