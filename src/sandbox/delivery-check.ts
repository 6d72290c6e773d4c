import type { IncomingHttpHeaders } from 'node:http';
import type { SecretLookup } from '../runtime/delivery/secret-refs.js';
import { secretKey, signature, splitSecrets } from '../runtime/delivery/signing.js';

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/**
 * A mock's check of the deliveries it receives: the Standard Webhooks signature (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature`) verified with the value the sandbox's secret provider gives the
 * integration's `events.delivery.secret`, as the vendor's receiver would. The timestamp's age is not judged.
 */
export function deliveryChecker(secrets: SecretLookup, secretRef: string): (delivery: { headers: IncomingHttpHeaders; body: Buffer }) => Promise<boolean> {
  return async ({ headers, body }) => {
    const id = one(headers['webhook-id']);
    const timestamp = Number(one(headers['webhook-timestamp']));
    const signatures = one(headers['webhook-signature'])?.split(' ') ?? [];
    if (!id || !Number.isInteger(timestamp) || !signatures.length) return false;
    const value = await secrets(secretRef);
    if (!value) return false;
    const expected = new Set(splitSecrets(value).map((s) => signature(secretKey(s), id, timestamp, body)));
    return signatures.some((s) => expected.has(s));
  };
}
