import { describe, expect, it } from 'vitest';
import { signWebhook } from '../runtime/delivery/signing.js';
import { deliveryChecker } from './delivery-check.js';
import { sandboxSecrets } from './secrets.js';

describe("the sandbox mocks' delivery check", () => {
  it('accepts a delivery signed with the secret the sandbox gave the reference, and nothing else', async () => {
    const secrets = sandboxSecrets(Buffer.alloc(32, 7));
    const ref = 'vault:secret/data/integrations/acme#webhook';
    const body = Buffer.from('{"type":"order.created"}');
    const headers = { ...signWebhook([String(await secrets(ref))], 'msg_1', 1_800_000_000, body) };
    const check = deliveryChecker(secrets, ref);
    expect(await check({ headers, body })).toBe(true);
    expect(await check({ headers, body: Buffer.from('{"type":"order.deleted"}') })).toBe(false);
    expect(await deliveryChecker(secrets, 'vault:secret/data/other#webhook')({ headers, body })).toBe(false);
    expect(await check({ headers: { 'webhook-id': 'msg_1' }, body })).toBe(false);
  });
});
