import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { fuzzContext, runCase, targetOf, type Target } from './cases.js';
import { judgeCli } from './outcome.js';
import { mutateText } from './mutate.js';
import { caseSeed, Random } from './random.js';

/**
 * A short, seeded fuzz run inside `npm test`: the same 40 cases every time (`npm run fuzz` runs 10,000).
 * Each must end as accepted, findings or a located rejection — never a crash or an unlocated error.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'interlock-fuzz-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('fuzz harness', () => {
  it('is deterministic: a seed and an index always make the same mutation', () => {
    const a = mutateText(new Random(caseSeed(7, 3)), 'openapi: 3.0.3\npaths: {}\n', 'yaml', [], 50);
    const b = mutateText(new Random(caseSeed(7, 3)), 'openapi: 3.0.3\npaths: {}\n', 'yaml', [], 50);
    expect(a).toBe(b);
    expect(mutateText(new Random(caseSeed(7, 4)), 'openapi: 3.0.3\npaths: {}\n', 'yaml', [], 50)).not.toBe(a);
  });

  it('judges CLI runs: internal errors and unlocated fatal errors are defects', () => {
    expect(judgeCli(2, '', 'interlock: internal error: boom\n').kind).toBe('crash');
    expect(judgeCli(2, '', 'something went wrong\n').kind).toBe('unlocated');
    expect(judgeCli(2, '', 'head.yaml:3:7: error yaml-syntax: bad\n').kind).toBe('rejected');
    expect(judgeCli(new TypeError('x'), '', '').kind).toBe('crash');
    expect(judgeCli(1, '', '').kind).toBe('findings');
  });

  it('40 seeded cases over diff, validate/check and admin request parsing: no crash, no unlocated error', async () => {
    const ctx = fuzzContext({ seed: 20261204, maxDepth: 300, root, scratch });
    expect(ctx.contracts.length).toBeGreaterThan(5);
    const seen = new Map<Target, number>();
    const defects: string[] = [];
    for (let index = 0; index < 40; index++) {
      const { target, outcome } = await runCase(ctx, index);
      expect(target).toBe(targetOf(index));
      seen.set(target, (seen.get(target) ?? 0) + 1);
      if (outcome.kind === 'crash' || outcome.kind === 'unlocated') defects.push(`${target} case ${index}: ${outcome.kind} ${outcome.detail ?? ''}`);
    }
    expect(defects).toEqual([]);
    expect(Object.fromEntries(seen)).toEqual({ diff: 16, validate: 12, 'admin-request': 12 });
  });
});
