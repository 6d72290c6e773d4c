import { describe, expect, it } from 'vitest';
import { computePlan } from '../plan/compute-plan.js';
import { actual, desired, state } from '../../test/support/plan-resources.js';
import { fieldPath } from './plan-format.js';
import { renderDriftText } from './plan-drift-text.js';
import { renderPlanJson } from './plan-json.js';
import { renderPlanMarkdown } from './plan-markdown.js';
import { renderPlanText } from './plan-text.js';

const options = { workspaceId: 'ws', createdAt: '2026-11-22T00:00:00.000Z', commit: 'abcdef0123456789' };

const plan = computePlan(
  [
    desired('Vendor', 'acme', { tier: 'high', website: 'https://a.example', locations: ['eu'] }),
    desired('Integration', 'new-sync', { vendor: 'acme', uses: ['a'] }),
    desired('Integration', 'renamed', { vendor: 'acme', r: 1 }),
  ],
  state(
    [
      actual('Vendor', 'acme', { tier: 'low', website: 'https://a.example', locations: ['eu'] }),
      actual('Integration', 'old', { vendor: 'acme', o: 1 }),
      actual('Integration', 'before-rename', { vendor: 'acme', r: 1 }),
      actual('Integration', 'legacy', { vendor: 'acme' }, { protect: true }),
    ],
    12,
  ),
  options,
).value;

describe('renderPlanText', () => {
  const text = renderPlanText(plan);
  const lines = text.split('\n');

  it('spells out every delete and kept resource before the legend', () => {
    const legend = lines.indexOf('Legend:');
    const deletes = lines.indexOf('Deletes:');
    expect(deletes).toBeGreaterThan(-1);
    expect(deletes).toBeLessThan(legend);
    const block = lines.slice(deletes + 1, lines.indexOf('', deletes));
    expect(block.map((l) => l.trim().split(':')[0])).toEqual(['- Integration/before-rename', '- Integration/old']);
    expect(block[0]).toContain('Integration/renamed');
    expect(text.slice(0, text.indexOf('Legend:'))).toContain('Integration/legacy');
  });

  it('shows + ~ - per resource with field diffs and collapses unchanged fields', () => {
    expect(lines).toContain('    ~ spec.tier: "low" → "high"');
    expect(lines).toContain('    + spec.uses[0] = "a"');
    expect(lines.some((l) => l.startsWith('~ Vendor/acme'))).toBe(true);
    expect(lines.some((l) => l.startsWith('+ Integration/new-sync'))).toBe(true);
    expect(lines.some((l) => l.startsWith('- Integration/old'))).toBe(true);
    // website, locations[0] and the owner label are unchanged.
    expect(lines).toContain('    (3 unchanged fields hidden)');
  });

  it('ends with the Terraform summary line', () => {
    expect(lines.filter(Boolean).at(-1)).toBe('Plan: 2 to add, 1 to change, 2 to destroy.');
  });

  it('says there is nothing to do for an empty plan, naming kept resources', () => {
    const empty = computePlan([desired('Vendor', 'a')], state([actual('Vendor', 'a'), actual('Integration', 'p', {}, { protect: true })], 3), options).value;
    const out = renderPlanText(empty);
    expect(out).toMatch(/^No changes\./);
    expect(out).toContain('Integration/p');
    expect(out).not.toContain('Plan:');
  });

  it('colours only when asked', () => {
    expect(text).not.toContain('\u001b[');
    expect(renderPlanText(plan, { color: true })).toContain('\u001b[32m');
  });
});

describe('renderPlanJson', () => {
  it('is the versioned plan plus diagnostics', () => {
    const parsed = JSON.parse(renderPlanJson(plan, [{ severity: 'error', code: 'plan/deletion-guard', message: 'm' }]));
    expect(parsed).toMatchObject({ formatVersion: 1, runtimeRevision: 12, summary: { add: 2, change: 1, destroy: 2, kept: 1 } });
    expect(parsed.changes.map((c: { action: string; name: string }) => `${c.action}:${c.name}`)).toContain('delete:old');
    expect(parsed.diagnostics[0].code).toBe('plan/deletion-guard');
  });
});

describe('renderPlanMarkdown', () => {
  it('has the summary, the deletes and one details block per changed resource', () => {
    const md = renderPlanMarkdown(plan);
    expect(md).toContain('**Plan: 2 to add, 1 to change, 2 to destroy.**');
    expect(md).toContain('- `- Integration/old`');
    expect(md.match(/<details>/g)).toHaveLength(5);
    expect(md).toContain('| `spec.tier` | `"low"` | `"high"` |');
  });
});

describe('fieldPath', () => {
  it.each([
    ['/spec/endpoint/baseUrl', 'spec.endpoint.baseUrl'],
    ['/spec/uses/0', 'spec.uses[0]'],
    ['/labels/interlock.dev~1managed-by', 'labels["interlock.dev/managed-by"]'],
  ])('%s → %s', (pointer, expected) => expect(fieldPath(pointer)).toBe(expected));
});

describe('content hashes in plans', () => {
  const [a, b] = ['a', 'b'].map((c) => `sha256:${c.repeat(64)}`);
  const hashed = computePlan([desired('Contract', 'api', { version: '1.0.0', contentHash: b })], state([actual('Contract', 'api', { version: '1.0.0', contentHash: a })], 3), options).value;

  it('text shows a changed contentHash as "(content changed)", not two digests', () => {
    const text = renderPlanText(hashed);
    expect(text).toContain('~ spec.contentHash: (content changed)');
    expect(text).not.toContain(a);
  });

  it('markdown shows it as "(content changed)"', () => {
    const md = renderPlanMarkdown(hashed);
    expect(md).toContain('| `spec.contentHash` | (content changed) | |');
    expect(md).not.toContain(a);
  });

  it('drift text shows it as "(content changed)"', () => {
    const text = renderDriftText(hashed);
    expect(text).toContain('spec.contentHash: (content changed)');
    expect(text).not.toContain(b);
  });
});
