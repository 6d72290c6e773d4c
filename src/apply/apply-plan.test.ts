import { describe, expect, it } from 'vitest';
import { computePlan } from '../plan/compute-plan.js';
import type { DesiredResource } from '../plan/resource.js';
import { desired } from '../../test/support/plan-resources.js';
import { applyPlan } from './apply-plan.js';
import { InMemoryRuntime } from '../../test/support/in-memory-runtime.js';

const planOptions = { workspaceId: 'ws', createdAt: '2026-11-22T00:00:00.000Z' };
const applyOptions = { holder: 'test', commit: 'c0ffee', author: 'Ada <ada@example.com>' };

/** Outbound deliveries: what a canary of an integration is judged by. */
const events = { subscribe: ['incident.*'], delivery: { url: 'https://acme.example/hooks', secret: 'env:ACME_SECRET' } };

const workspace: DesiredResource[] = [
  desired('Integration', 'sync', { vendor: 'acme', n: 1, events }),
  desired('Contract', 'api', { vendor: 'acme', format: 'openapi' }),
  desired('Vendor', 'acme', { tier: 'low' }),
  desired('CompatPolicy', 'compat', { failOn: 'breaking' }),
];

async function planFor(runtime: InMemoryRuntime, d: DesiredResource[]) {
  return computePlan(d, await runtime.getState(), planOptions).value;
}

describe('applyPlan', () => {
  it('applies creates level by level, records commit and author, and converges', async () => {
    const runtime = new InMemoryRuntime();
    const report = await applyPlan(await planFor(runtime, workspace), runtime, applyOptions);
    expect(report.status).toBe('applied');
    expect(report.resources.map((r) => `${r.kind}/${r.name}:${r.status}`)).toEqual(['Vendor/acme:succeeded', 'Contract/api:succeeded', 'Integration/sync:succeeded', 'CompatPolicy/compat:succeeded']);
    expect(runtime.requests.map((r) => r.changes.map((c) => c.kind))).toEqual([['Vendor'], ['Contract'], ['Integration'], ['CompatPolicy']]);
    expect(runtime.requests.every((r) => r.commit === 'c0ffee' && r.author === applyOptions.author && r.leaseToken === 1)).toBe(true);
    expect(runtime.commit).toBe('c0ffee');
    expect(runtime.lease).toBeNull();
    const again = await planFor(runtime, workspace);
    expect(again.changes.every((c) => c.action === 'noop')).toBe(true);
  });

  it('deletes in reverse dependency order after creates and updates', async () => {
    const runtime = new InMemoryRuntime();
    await applyPlan(await planFor(runtime, workspace), runtime, applyOptions);
    runtime.requests.length = 0;
    const next = [desired('Vendor', 'acme', { tier: 'high' }), desired('Vendor', 'other'), desired('CompatPolicy', 'compat', { failOn: 'breaking' })];
    const report = await applyPlan(await planFor(runtime, next), runtime, { ...applyOptions, guard: { maxDeletes: 10, maxDeleteShare: 1 } });
    expect(report.status).toBe('applied');
    expect(runtime.requests.map((r) => r.changes.map((c) => `${c.action} ${c.kind}/${c.name}`))).toEqual([
      ['update Vendor/acme', 'create Vendor/other'],
      ['delete Integration/sync'],
      ['delete Contract/api'],
    ]);
  });

  it('replaces across two batches: delete, then create', async () => {
    const runtime = new InMemoryRuntime();
    await applyPlan(await planFor(runtime, workspace), runtime, applyOptions);
    runtime.requests.length = 0;
    const moved = workspace.map((r) => (r.kind === 'Integration' ? desired('Integration', 'sync', { vendor: 'globex', n: 1 }) : r));
    const plan = await planFor(runtime, moved);
    expect(plan.changes.find((c) => c.name === 'sync')?.action).toBe('replace');
    const report = await applyPlan(plan, runtime, applyOptions);
    expect(report.resources).toEqual([{ kind: 'Integration', name: 'sync', action: 'replace', status: 'succeeded' }]);
    expect(runtime.requests.map((r) => r.changes.map((c) => c.action))).toEqual([['delete'], ['create']]);
    expect(runtime.resources.get('Integration/sync')?.spec.vendor).toBe('globex');
  });

  it('refuses a stale plan without changing anything', async () => {
    const runtime = new InMemoryRuntime();
    const plan = await planFor(runtime, workspace);
    runtime.edit('Vendor', 'intruder', { x: 1 });
    const report = await applyPlan(plan, runtime, applyOptions);
    expect(report.status).toBe('refused');
    expect(report.diagnostics.map((d) => [d.code, d.data])).toEqual([['apply/stale-plan', { planRevision: 0, runtimeRevision: 1 }]]);
    expect(report.resources.every((r) => r.status === 'not-attempted')).toBe(true);
    expect(runtime.requests).toHaveLength(0);
    expect(runtime.lease).toBeNull();
  });

  it('refuses while another reconciler holds the lease', async () => {
    const runtime = new InMemoryRuntime();
    await runtime.acquireLease('someone-else', 60);
    const report = await applyPlan(await planFor(runtime, workspace), runtime, applyOptions);
    expect(report.status).toBe('refused');
    expect(report.diagnostics[0].code).toBe('apply/lease-held');
    expect(runtime.requests).toHaveLength(0);
  });

  it('refuses an unsafe plan before taking the lease', async () => {
    const runtime = new InMemoryRuntime();
    await applyPlan(await planFor(runtime, workspace), runtime, applyOptions);
    const report = await applyPlan(await planFor(runtime, [workspace[2]]), runtime, applyOptions);
    expect(report.status).toBe('refused');
    expect(report.diagnostics.map((d) => d.code)).toEqual(['plan/deletion-guard']);
    expect(runtime.resources.size).toBe(4);
  });

  it('reports succeeded / failed / not attempted, and a rerun converges without duplicate creates', async () => {
    const runtime = new InMemoryRuntime();
    runtime.failOn = 'Integration/sync';
    const report = await applyPlan(await planFor(runtime, workspace), runtime, applyOptions);
    expect(report.status).toBe('partial');
    expect(report.resources.map((r) => `${r.name}:${r.status}`)).toEqual(['acme:succeeded', 'api:succeeded', 'sync:failed', 'compat:not-attempted']);
    expect(report.diagnostics[0]).toMatchObject({ code: 'apply/batch-failed', data: { batch: 3, batches: 4, problem: 'internal' } });
    const rerun = await applyPlan(await planFor(runtime, workspace), runtime, applyOptions);
    expect(rerun.resources.map((r) => `${r.action} ${r.name}:${r.status}`)).toEqual(['create sync:succeeded', 'create compat:succeeded']);
    expect(runtime.resources.size).toBe(4);
  });

  it('names the conflicting resource of a refused batch', async () => {
    const runtime = new InMemoryRuntime();
    const plan = await planFor(runtime, workspace);
    // Someone created the vendor and moved the revision back into line: the batch conflicts, not the revision.
    runtime.edit('Vendor', 'acme', { tier: 'low' });
    plan.runtimeRevision = runtime.revision;
    const report = await applyPlan(plan, runtime, applyOptions);
    expect(report.status).toBe('failed');
    expect(report.resources[0]).toMatchObject({ name: 'acme', status: 'failed', error: 'exists' });
  });

  it('splits large groups into batches and reports progress', async () => {
    const runtime = new InMemoryRuntime();
    const many = [desired('Vendor', 'v'), ...Array.from({ length: 25 }, (_, i) => desired('Integration', `i-${i}`, { i }))];
    const progress: number[] = [];
    const report = await applyPlan(await planFor(runtime, many), runtime, { ...applyOptions, batchSize: 10, onProgress: (p) => progress.push(p.done) });
    expect(report.status).toBe('applied');
    expect(runtime.requests.map((r) => r.changes.length)).toEqual([1, 10, 10, 5]);
    expect(progress).toEqual([1, 11, 21, 26]);
  });

  it('records the commit even when there is nothing to change', async () => {
    const runtime = new InMemoryRuntime();
    await applyPlan(await planFor(runtime, workspace), runtime, applyOptions);
    const report = await applyPlan(await planFor(runtime, workspace), runtime, { ...applyOptions, commit: 'beef' });
    expect(report.status).toBe('applied');
    expect(runtime.commit).toBe('beef');
  });

  it('rolls out canary updates after the other batches: promoted ones are applied, rolled-back ones are not', async () => {
    const runtime = new InMemoryRuntime();
    const two = [...workspace, desired('Integration', 'other', { vendor: 'acme', n: 1, events })];
    await applyPlan(await planFor(runtime, two), runtime, applyOptions);
    runtime.requests.length = 0;
    const next = two.map((r) =>
      r.kind === 'Integration' ? desired('Integration', r.name, { ...r.spec, n: 2 }) : r.kind === 'Vendor' ? desired('Vendor', 'acme', { tier: 'high' }) : r,
    );
    const ran: string[] = [];
    const report = await applyPlan(await planFor(runtime, next), runtime, {
      ...applyOptions,
      canary: {
        wants: (c) => c.kind === 'Integration',
        run: async (c) => {
          ran.push(`run ${c.name}`);
          return { promoted: c.name === 'sync', detail: c.name === 'sync' ? undefined : 'error rate 50% > 5%' };
        },
        finish: async (c) => void ran.push(`finish ${c.name}`),
      },
    });
    expect(ran).toEqual(['run other', 'run sync', 'finish sync']);
    expect(report.status).toBe('partial');
    expect(report.resources.map((r) => `${r.name}:${r.status}${r.error ? `:${r.error}` : ''}`)).toEqual(['acme:succeeded', 'other:failed:canary-rolled-back', 'sync:succeeded']);
    expect(report.diagnostics.map((d) => d.code)).toEqual(['apply/canary-rolled-back']);
    expect(runtime.requests.map((r) => r.changes.map((c) => `${c.action} ${c.name}`))).toEqual([['update acme'], ['update sync']]);
    expect(runtime.resources.get('Integration/other')?.spec.n).toBe(1);
    expect(runtime.resources.get('Integration/sync')?.spec.n).toBe(2);
  });

  it('skips, with a reason, the canary of an integration that makes no deliveries, and applies it at once', async () => {
    const runtime = new InMemoryRuntime();
    const quiet = [...workspace, desired('Integration', 'inbound-only', { vendor: 'acme', n: 1, events: { inbound: { signature: { scheme: 'github', secret: 'env:S' } } } })];
    await applyPlan(await planFor(runtime, quiet), runtime, applyOptions);
    const next = quiet.map((r) => (r.kind === 'Integration' ? desired('Integration', r.name, { ...r.spec, n: 2 }) : r));
    const ran: string[] = [];
    const report = await applyPlan(await planFor(runtime, next), runtime, {
      ...applyOptions,
      canary: { wants: (c) => c.kind === 'Integration', run: async (c) => (ran.push(c.name), { promoted: true }), finish: async (c) => void ran.push(`finish ${c.name}`) },
    });
    expect(ran).toEqual(['sync', 'finish sync']);
    expect(report.status).toBe('applied');
    expect(report.diagnostics.map((d) => [d.severity, d.code, d.data?.name])).toEqual([['info', 'apply/canary-skipped', 'inbound-only']]);
    expect(runtime.resources.get('Integration/inbound-only')?.spec.n).toBe(2);
  });

  it('reports a canary the runtime refuses to start as failed, without applying its update', async () => {
    const runtime = new InMemoryRuntime();
    await applyPlan(await planFor(runtime, workspace), runtime, applyOptions);
    const next = workspace.map((r) => (r.kind === 'Integration' ? desired('Integration', r.name, { ...r.spec, n: 2 }) : r));
    const refusal = Object.assign(new Error('forbidden'), { problem: { type: 'https://interlock.dev/problems/forbidden', title: 'Forbidden', status: 403 } });
    const report = await applyPlan(await planFor(runtime, next), runtime, {
      ...applyOptions,
      canary: { wants: () => true, run: async () => Promise.reject(refusal) },
    });
    expect(report.status).toBe('failed');
    expect(report.resources).toEqual([{ kind: 'Integration', name: 'sync', action: 'update', status: 'failed', error: 'forbidden' }]);
    expect(report.diagnostics.map((d) => d.code)).toEqual(['apply/canary-failed']);
    expect(runtime.resources.get('Integration/sync')?.spec.n).toBe(1);
  });
});
