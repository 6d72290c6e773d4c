import { RuntimeClient } from '../src/runtime-client/client.js';
import type { ResourceChange } from '../src/runtime/model.js';
import { startRuntime } from '../src/runtime/start.js';
import { freshLocation } from '../test/support/stores.js';

/** An integration spec of realistic size (~1 KB of JSON), valid against its schema as the admin API requires. */
function integration(i: number): ResourceChange {
  return {
    action: 'create',
    kind: 'Integration',
    name: `integration-${i}`,
    labels: { 'interlock.dev/owner': 'workspace', team: `team-${i % 17}` },
    spec: {
      vendor: `vendor-${i % 200}`,
      contract: { ref: `vendor-${i % 200}-api`, version: '^1.2.0' },
      direction: 'outbound',
      endpoint: { baseUrl: `https://api.vendor-${i % 200}.example.com/v1`, tls: { minVersion: '1.2' } },
      auth: { type: 'oauth2', clientId: 'env:CLIENT_ID', clientSecret: 'vault:secret/data/vendor#client_secret', tokenUrl: 'https://auth.example.com/token' },
      uses: ['listRecords', 'getRecord', 'createRecord', 'updateRecord'],
      data: {
        region: 'eu-west-1',
        retentionDays: 30,
        fields: {
          email: { sensitivity: 'confidential', pii: 'contact' },
          name: { sensitivity: 'confidential', pii: 'name' },
          accountId: { sensitivity: 'internal', pii: null },
        },
      },
      events: { subscribe: ['record.created', 'record.updated'] },
      erasure: { method: 'delete', operation: 'deleteRecord', identifier: 'email', withinDays: 30 },
      rollout: { strategy: 'canary', steps: [10, 50, 100], maxErrorRate: 0.02, window: '10m' },
    },
  };
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

/**
 * Batch apply of 1,000 integrations and a state read of 10,000, through the admin API over loopback,
 * on both stores. Goals: apply < 2 s, read < 0.5 s.
 */
export async function run(): Promise<void> {
  for (const engine of ['embedded', 'postgres'] as const) {
    let location;
    try {
      location = await freshLocation(engine);
    } catch (error) {
      console.log(`runtime ${engine}: skipped (${(error as Error).message})`);
      continue;
    }
    const rt = await startRuntime({ ...location.location, port: 0, rateLimits: false });
    try {
      const { token } = await rt.store.createToken('operator', new Date());
      const client = new RuntimeClient({ url: rt.url, token });
      const first = Array.from({ length: 1000 }, (_, i) => integration(i));
      let t0 = performance.now();
      let { revision } = await client.apply({ expectedRevision: 0, changes: first });
      console.log(`runtime ${engine}: apply 1,000 integrations (one batch): ${fmt(performance.now() - t0)} (goal < 2 s)`);

      const updates = first.map((c) => ({ ...c, action: 'update' as const, spec: { ...c.spec, direction: 'bidirectional' } }));
      t0 = performance.now();
      ({ revision } = await client.apply({ expectedRevision: revision, changes: updates }));
      console.log(`runtime ${engine}: apply 1,000 updates (one batch): ${fmt(performance.now() - t0)}`);

      for (let b = 1; b < 10; b++) {
        ({ revision } = await client.apply({ expectedRevision: revision, changes: Array.from({ length: 1000 }, (_, i) => integration(b * 1000 + i)) }));
      }
      // Cold: the first read after a change builds the snapshot in the database. Warm: the state is
      // unchanged, so the runtime serves the snapshot it built for this revision.
      const cold: number[] = [];
      const warm: number[] = [];
      const parse: number[] = [];
      let count = 0;
      let bytes = 0;
      const read = async (): Promise<number> => {
        const t = performance.now();
        const res = await fetch(`${rt.url}/v1/state`, { headers: { authorization: `Bearer ${token}` } });
        const text = await res.text();
        const received = performance.now();
        count = (JSON.parse(text) as { resources: unknown[] }).resources.length;
        bytes = text.length;
        parse.push(performance.now() - received);
        return performance.now() - t;
      };
      for (let n = 0; n < 3; n++) {
        const changed = integration(n);
        changed.spec = { ...changed.spec, data: { ...(changed.spec!.data as Record<string, unknown>), retentionDays: 31 + n } };
        ({ revision } = await client.apply({ expectedRevision: revision, changes: [{ ...changed, action: 'update' }] }));
        cold.push(await read());
        warm.push(await read());
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      console.log(
        `runtime ${engine}: read state of ${count.toLocaleString('en')} (GET /v1/state, ${(bytes / 1e6).toFixed(1)} MB, parsed by the client): ` +
          `after a change median ${fmt(median(cold))} (runs ${cold.map((r) => r.toFixed(0)).join(' / ')} ms), ` +
          `unchanged median ${fmt(median(warm))} (runs ${warm.map((r) => r.toFixed(0)).join(' / ')} ms), of which client JSON.parse median ${fmt(median(parse))} (goal < 0.5 s)`,
      );
    } finally {
      await rt.close();
      await location.dispose();
    }
  }
}
