import { describe, expect, it } from 'vitest';
import { computePlan } from './compute-plan.js';
import type { ActualResource, DesiredResource } from './resource.js';
import { actual, desired, state } from '../../test/support/plan-resources.js';

const options = { workspaceId: 'ws', createdAt: '2026-11-22T00:00:00.000Z', commit: 'abc123' };

interface Case {
  name: string;
  desired: DesiredResource[];
  actual: ActualResource[];
  /** `action kind/name reason` in plan order. */
  changes: string[];
  diff?: Record<string, { path: string; before?: unknown; after?: unknown }[]>;
  codes?: string[];
}

const cases: Case[] = [
  { name: 'create into an empty runtime', desired: [desired('Vendor', 'acme', { tier: 'low' })], actual: [], changes: ['create Vendor/acme new'] },
  { name: 'equal is a noop', desired: [desired('Vendor', 'acme', { tier: 'low' })], actual: [actual('Vendor', 'acme', { tier: 'low' })], changes: ['noop Vendor/acme unchanged'] },
  {
    name: 'a changed field is an update with its diff',
    desired: [desired('Vendor', 'acme', { tier: 'high', loc: ['eu'] })],
    actual: [actual('Vendor', 'acme', { tier: 'low', loc: ['eu'] })],
    changes: ['update Vendor/acme changed'],
    diff: { 'Vendor/acme': [{ path: '/spec/tier', before: 'low', after: 'high' }] },
  },
  {
    name: 'a label change is an update',
    desired: [desired('Vendor', 'acme', {}, { labels: { team: 'b' } })],
    actual: [actual('Vendor', 'acme', {}, { labels: { team: 'a' } })],
    changes: ['update Vendor/acme changed'],
    diff: { 'Vendor/acme': [{ path: '/labels/team', before: 'a', after: 'b' }] },
  },
  {
    name: 'an owned resource gone from the workspace is deleted',
    desired: [desired('Vendor', 'acme')],
    actual: [actual('Vendor', 'acme'), actual('Vendor', 'old', { x: 1 })],
    changes: ['noop Vendor/acme unchanged', 'delete Vendor/old removed'],
  },
  {
    name: 'an unowned or foreign resource is never deleted',
    desired: [desired('Vendor', 'acme')],
    actual: [actual('Vendor', 'acme'), actual('Vendor', 'manual', {}, { owner: null }), actual('Vendor', 'theirs', {}, { owner: 'other' })],
    changes: ['noop Vendor/acme unchanged'],
  },
  {
    name: 'an unlabelled resource the workspace declares is adopted',
    desired: [desired('Vendor', 'acme')],
    actual: [actual('Vendor', 'acme', {}, { owner: null })],
    changes: ['update Vendor/acme adopted'],
    diff: { 'Vendor/acme': [{ path: '/labels/interlock.dev~1managed-by', after: 'ws' }] },
  },
  {
    name: 'a resource another workspace owns is a conflict',
    desired: [desired('Vendor', 'acme')],
    actual: [actual('Vendor', 'acme', {}, { owner: 'other' })],
    changes: [],
    codes: ['plan/owned-elsewhere'],
  },
  {
    name: 'a protected resource gone from the workspace is kept',
    desired: [desired('Vendor', 'acme')],
    actual: [actual('Vendor', 'acme'), actual('Integration', 'sync', {}, { protect: true })],
    changes: ['noop Vendor/acme unchanged', 'noop Integration/sync protected'],
  },
  {
    name: 'protection is not cleared by an update',
    desired: [desired('Integration', 'sync', { a: 1 }, { protect: false })],
    actual: [actual('Integration', 'sync', { a: 1 }, { protect: true })],
    changes: ['noop Integration/sync unchanged'],
  },
  {
    name: 'a rename is a delete plus a create, paired',
    desired: [desired('Integration', 'new-name', { a: 1 })],
    actual: [actual('Integration', 'old-name', { a: 1 })],
    changes: ['create Integration/new-name renamed', 'delete Integration/old-name renamed'],
  },
  {
    name: 'an immutable field change is a replace',
    desired: [desired('Integration', 'sync', { vendor: 'b', x: 1 })],
    actual: [actual('Integration', 'sync', { vendor: 'a', x: 1 })],
    changes: ['replace Integration/sync immutable-field'],
  },
  {
    name: 'replacing a protected resource is refused',
    desired: [desired('Integration', 'sync', { vendor: 'b' })],
    actual: [actual('Integration', 'sync', { vendor: 'a' }, { protect: true })],
    changes: [],
    codes: ['plan/protected-replace'],
  },
  {
    name: 'creates run in dependency order, deletes in reverse',
    desired: [desired('CompatPolicy', 'p'), desired('Integration', 'i'), desired('Contract', 'c'), desired('Vendor', 'v'), desired('DataContract', 'd')],
    actual: [actual('Vendor', 'old-v', { o: 1 }), actual('Integration', 'old-i', { o: 2 }), actual('Contract', 'old-c', { o: 3 })],
    changes: [
      'create Vendor/v new',
      'create Contract/c new',
      'create DataContract/d new',
      'create Integration/i new',
      'create CompatPolicy/p new',
      'delete Integration/old-i removed',
      'delete Contract/old-c removed',
      'delete Vendor/old-v removed',
    ],
  },
];

describe('computePlan', () => {
  it.each(cases)('$name', (c) => {
    const { value: plan, diagnostics } = computePlan(c.desired, state(c.actual), options);
    expect(plan.changes.map((ch) => `${ch.action} ${ch.kind}/${ch.name} ${ch.reason}`)).toEqual(c.changes);
    expect(diagnostics.map((d) => d.code)).toEqual(c.codes ?? []);
    for (const [id, diff] of Object.entries(c.diff ?? {})) {
      expect(plan.changes.find((ch) => `${ch.kind}/${ch.name}` === id)?.diff).toEqual(diff);
    }
  });

  it('records the revision, commit, clock and summary', () => {
    const { value: plan } = computePlan(
      [desired('Vendor', 'a', { n: 2 }), desired('Vendor', 'b'), desired('Integration', 'i', { vendor: 'x' })],
      state([actual('Vendor', 'a', { n: 1 }), actual('Vendor', 'gone', { g: 1 }), actual('Integration', 'i', { vendor: 'y' }), actual('Integration', 'p', {}, { protect: true })], 42),
      options,
    );
    expect(plan).toMatchObject({ formatVersion: 1, runtimeRevision: 42, createdAt: options.createdAt, commit: 'abc123', workspaceId: 'ws' });
    expect(plan.summary).toEqual({ add: 2, change: 1, destroy: 2, kept: 1, unchanged: 0 });
  });

  it('pairs a rename with its partner names', () => {
    const { value: plan } = computePlan([desired('Vendor', 'b', { s: 1 })], state([actual('Vendor', 'a', { s: 1 })]), options);
    expect(plan.changes.map((c) => [c.name, c.renamedFrom, c.renamedTo])).toEqual([
      ['b', 'a', undefined],
      ['a', undefined, 'b'],
    ]);
  });

  it('lists every leaf of a created resource in its diff', () => {
    const { value: plan } = computePlan([desired('Vendor', 'a', { x: { y: [1, 2] } })], state([]), options);
    expect(plan.changes[0].diff.map((d) => d.path)).toEqual(['/labels/interlock.dev~1managed-by', '/spec/x/y/0', '/spec/x/y/1']);
  });

  it('is pure: the same inputs give the same plan', () => {
    const d = [desired('Vendor', 'a', { n: 2 })];
    const a = state([actual('Vendor', 'a', { n: 1 })]);
    expect(computePlan(d, a, options)).toEqual(computePlan(d, a, options));
  });
});
