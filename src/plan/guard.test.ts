import { describe, expect, it } from 'vitest';
import { computePlan } from './compute-plan.js';
import { checkPlanSafety, DEFAULT_GUARD, type GuardOptions } from './guard.js';
import { actual, desired, state } from '../../test/support/plan-resources.js';

const options = { workspaceId: 'ws', createdAt: '2026-11-22T00:00:00.000Z' };

function planOf(keep: number, remove: number, protectedCount = 0) {
  const d = Array.from({ length: keep }, (_, i) => desired('Vendor', `keep-${i}`));
  const a = [
    ...d.map((r) => actual(r.kind, r.name)),
    ...Array.from({ length: remove }, (_, i) => actual('Vendor', `gone-${i}`, { i })),
    ...Array.from({ length: protectedCount }, (_, i) => actual('Integration', `kept-${i}`, { i }, { protect: true })),
  ];
  return computePlan(d, state(a), options).value;
}

const cases: { name: string; keep: number; remove: number; protected?: number; guard?: Partial<GuardOptions>; codes: string[] }[] = [
  { name: 'no deletes pass', keep: 3, remove: 0, codes: [] },
  { name: 'a few deletes within count and share pass', keep: 8, remove: 2, codes: [] },
  { name: 'more than the count is refused', keep: 40, remove: 11, codes: ['plan/deletion-guard'] },
  { name: 'more than the share is refused', keep: 2, remove: 3, codes: ['plan/deletion-guard'] },
  { name: '--allow-deletes N lets N through', keep: 2, remove: 3, guard: { allowDeletes: 3 }, codes: [] },
  { name: '--allow-deletes N refuses more than N', keep: 40, remove: 11, guard: { allowDeletes: 10 }, codes: ['plan/deletion-guard'] },
  { name: 'a policy may raise the count', keep: 40, remove: 11, guard: { maxDeletes: 20 }, codes: [] },
  { name: 'an empty desired state is refused', keep: 0, remove: 1, guard: { allowDeletes: 100 }, codes: ['plan/empty-desired-state'] },
  { name: 'protected resources do not count as desired', keep: 0, remove: 0, protected: 2, codes: ['plan/empty-desired-state'] },
];

describe('checkPlanSafety', () => {
  it.each(cases)('$name', (c) => {
    const found = checkPlanSafety(planOf(c.keep, c.remove, c.protected), { ...DEFAULT_GUARD, ...c.guard });
    expect(found.map((d) => d.code)).toEqual(c.codes);
  });

  it('names every resource it would delete', () => {
    const [d] = checkPlanSafety(planOf(1, 2));
    expect(d.data).toMatchObject({ deletes: 2, owned: 3, resources: ['Vendor/gone-0', 'Vendor/gone-1'] });
  });
});
