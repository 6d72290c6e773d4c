import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { builtRuntimeModule, spawnRuntimeScript } from '../../../test/support/spawned-runtime.js';
import { verifyAuditChain } from '../audit/chain.js';
import { RuntimeClient } from '../../runtime-client/client.js';
import type { AuditEntry, ResourceChange } from '../model.js';
import { packageRoot } from '../package-files.js';
import { startRuntime } from '../start.js';
import { createChange } from '../../../test/support/resource-specs.js';
import { ENGINES, freshLocation, type TestLocation } from '../../../test/support/stores.js';
import { openStore, type StoreLocation } from './store.js';

const BATCH = 300;
// Valid Integration specs (the admin API refuses others), each padded to ~300 bytes so a batch takes long
// enough to be killed half-way through.
const batch = (k: number): ResourceChange[] =>
  Array.from({ length: BATCH }, (_, i) => createChange('Integration', `b${k}-${i}`, { endpoint: { baseUrl: `https://api.acme.example/${i}/${'x'.repeat(200)}` } }));

/** A runtime in its own process (from the build), so that it can be killed with SIGKILL. */
async function spawnRuntime(location: StoreLocation): Promise<{ child: ChildProcess; url: string; token: string }> {
  const script = `
    const { startRuntime } = await import(${builtRuntimeModule('start.js')});
    const rt = await startRuntime({ ...${JSON.stringify(location)}, port: 0, workspace: ${JSON.stringify(packageRoot())} });
    const { token } = await rt.store.createToken('operator', new Date());
    console.log(JSON.stringify({ url: rt.url, token }));`;
  return spawnRuntimeScript<{ url: string; token: string }>(script);
}

async function readAll(location: StoreLocation): Promise<{ revision: number; names: string[]; audit: ReturnType<typeof verifyAuditChain> }> {
  const store = await openStore(location);
  try {
    const state = await store.state();
    const entries: AuditEntry[] = [];
    for (let after = 0; ; ) {
      const page = await store.audit(after, 5000);
      entries.push(...page.entries);
      if (page.next === null) break;
      after = page.next;
    }
    return { revision: state.revision, names: state.resources.map((r) => r.name), audit: verifyAuditChain(entries, await store.auditHead()) };
  } finally {
    await store.close();
  }
}

describe.each(ENGINES)('durability on %s', (engine) => {
  let location: TestLocation | undefined;
  afterEach(async () => location?.dispose());

  it('keeps state, history and audit across a restart', async () => {
    location = await freshLocation(engine);
    const first = await startRuntime({ ...location.location, port: 0 });
    const { token } = await first.store.createToken('operator', new Date());
    const client = new RuntimeClient({ url: first.url, token });
    await client.apply({ expectedRevision: 0, commit: 'c1', changes: batch(0).slice(0, 5) });
    const before = await client.getState();
    await first.close();

    const second = await startRuntime({ ...location.location, port: 0 });
    const again = new RuntimeClient({ url: second.url, token });
    try {
      expect(await again.getState()).toEqual(before);
      expect((await again.history('Integration', 'b0-0')).map((h) => h.commit)).toEqual(['c1']);
    } finally {
      await second.close();
    }
    expect((await readAll(location.location)).audit.ok).toBe(true);
  });

  it('kill -9 during a batch: no partial batch, no acknowledged batch lost', async () => {
    location = await freshLocation(engine);
    const { child, url, token } = await spawnRuntime(location.location);
    const client = new RuntimeClient({ url, token });
    let acked = 0;
    let lastMs = 50;
    try {
      for (let k = 0; k < 4; k++) {
        const t0 = performance.now();
        await client.apply({ expectedRevision: k, changes: batch(k) });
        lastMs = performance.now() - t0;
        acked = k + 1;
      }
      // The fifth batch is in flight when the process dies: kill it about half-way through a batch.
      const inFlight = client.apply({ expectedRevision: 4, changes: batch(4) }).catch(() => 'lost');
      await new Promise((r) => setTimeout(r, lastMs / 2));
      child.kill('SIGKILL');
      await inFlight;
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
    }

    const after = await readAll(location.location);
    expect(after.revision).toBeGreaterThanOrEqual(acked);
    expect(after.revision).toBeLessThanOrEqual(acked + 1);
    const perBatch = new Map<string, number>();
    for (const name of after.names) perBatch.set(name.split('-')[0], (perBatch.get(name.split('-')[0]) ?? 0) + 1);
    expect([...perBatch.entries()].sort()).toEqual(Array.from({ length: after.revision }, (_, k) => [`b${k}`, BATCH]));
    expect(after.audit).toMatchObject({ ok: true });
  });
});
