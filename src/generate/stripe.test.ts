import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileGenerated, STRIPE_OPERATIONS, STRIPE_SPEC, stripeModel } from '../../bench/generate.js';
import { generateAdapters } from './generate.js';

describe.skipIf(!existsSync(STRIPE_SPEC))("Stripe's real description (20 operations)", () => {
  it('generates an adapter that compiles under --strict, with every operation and classified fields', async () => {
    const { model, problems, cleanup } = await stripeModel();
    try {
      expect(problems).toEqual([]);
      const result = generateAdapters(model);
      expect(result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
      const client = result.value.files.get('generated/stripe-billing/client.ts')!;
      for (const op of STRIPE_OPERATIONS) expect(client).toContain(`"operationId": "${op}"`);
      const types = result.value.files.get('generated/stripe-billing/types.ts')!;
      expect(types).toMatch(/^export interface Customer \{$/m);
      // Form-encoded bodies keep Stripe's deepObject encoding hints.
      expect(client).toContain('"contentType": "application/x-www-form-urlencoded"');
      expect(result.value.files.get('generated/stripe-billing/classification.ts')).toContain('"Customer.email": { sensitivity: "confidential", pii: "contact" }');
      expect(compileGenerated(result.value.files)).toEqual([]);
    } finally {
      cleanup();
    }
  });
});
