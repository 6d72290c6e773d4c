import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applyPlan } from '../src/apply/apply-plan.js';
import { RuntimeClient } from '../src/runtime-client/client.js';
import { InMemoryRuntime } from '../test/support/in-memory-runtime.js';
import { withReadRetry } from '../src/apply/retry-reads.js';
import type { RuntimeApi } from '../src/apply/runtime-api.js';
import { DirectorySource, loadWorkspace } from '../src/load/index.js';
import { computePlan } from '../src/plan/compute-plan.js';
import { compileDesired } from '../src/plan/desired.js';
import type { Plan } from '../src/plan/plan.js';
import { startRuntime } from '../src/runtime/start.js';
import { validateWorkspace } from '../src/validate/index.js';
import { writeSyntheticWorkspace } from './workspace-generator.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, performance.now() - t0];
}

/**
 * Plan and apply against the real runtime (HTTP admin API, embedded store) for 1,000 and 10,000
 * integrations. A plan here is the whole `interlock plan` pipeline in-process: load and validate the
 * workspace, compile the desired state, read the runtime state, compute the plan.
 * Goals: a no-op plan of 10,000 under 3 s; an apply of 1,000 creates under 10 s.
 */
export async function run(): Promise<void> {
  for (const integrations of [1000, 10_000]) {
    const ws = mkdtempSync(path.join(tmpdir(), 'interlock-bench-reconcile-ws-'));
    try {
      writeSyntheticWorkspace(ws, { integrations, contracts: 200 });
      const n = integrations.toLocaleString('en');
      // The reconciler alone, against the in-memory runtime: what planning and batching cost.
      await measure(`${n} integrations, in-memory runtime`, ws, new InMemoryRuntime(), integrations);
      const data = mkdtempSync(path.join(tmpdir(), 'interlock-bench-reconcile-rt-'));
      const runtime = await startRuntime({ dataDir: data, port: 0, workspace: path.resolve('.'), onError: (error) => console.error('runtime error:', error) });
      try {
        const token = (await runtime.store.createToken('operator', new Date())).token;
        await measure(`${n} integrations, runtime (HTTP, embedded store)`, ws, withReadRetry(new RuntimeClient({ url: runtime.url, token })), integrations);
      } finally {
        await runtime.close();
        rmSync(data, { recursive: true, force: true });
      }
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  }
}

async function measure(label: string, ws: string, api: RuntimeApi, integrations: number): Promise<void> {
  const plan = async (): Promise<Plan> => {
    const loaded = await loadWorkspace(new DirectorySource(ws));
    const { value: model } = validateWorkspace(loaded.value);
    const desired = compileDesired(model, { workspaceId: 'bench' });
    return computePlan(desired, await api.getState(), { workspaceId: 'bench', createdAt: new Date().toISOString() }).value;
  };
  const [initial, planMs] = await timed(plan);
  const [report, applyMs] = await timed(() => applyPlan(initial, api, { holder: 'bench' }));
  if (report.status !== 'applied') throw new Error(`apply ${report.status}: ${report.diagnostics.map((d) => d.message).join('; ')}`);
  const noops: number[] = [];
  for (let i = 0; i < 3; i++) {
    const [again, ms] = await timed(plan);
    noops.push(ms);
    if (again.summary.add + again.summary.change + again.summary.destroy) throw new Error('second plan is not empty');
  }
  const [model, loadMs] = await timed(async () => validateWorkspace((await loadWorkspace(new DirectorySource(ws))).value).value);
  const [desired, compileMs] = await timed(async () => compileDesired(model, { workspaceId: 'bench' }));
  const [state, stateMs] = await timed(() => api.getState());
  const [, computeMs] = await timed(async () => computePlan(desired, state, { workspaceId: 'bench', createdAt: '' }));
  console.log(`${label}: ${initial.summary.add} resources`);
  console.log(`  plan from empty:    ${seconds(planMs)}`);
  console.log(`  apply of creates:   ${seconds(applyMs)}${integrations === 1000 ? ' (goal < 10 s for 1,000 integrations)' : ''}`);
  console.log(`  no-op plan:         ${noops.map(seconds).join(' / ')}${integrations === 10_000 ? ' (goal < 3 s for 10,000)' : ''}`);
  console.log(`  no-op plan, by step: load + validate ${loadMs.toFixed(0)} ms, compile desired ${compileMs.toFixed(0)} ms, state read ${stateMs.toFixed(0)} ms, computePlan ${computeMs.toFixed(0)} ms`);
}
