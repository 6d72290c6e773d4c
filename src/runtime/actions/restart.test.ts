import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENGINES, freshLocation } from '../../../test/support/stores.js';
import { prepareMockContract, startMock, type RunningMock } from '../../mock/index.js';
import { FAST_RETRY, putIntegration } from '../../../test/support/delivery-fixtures.js';
import { configSecretResolver } from '../delivery/secret-refs.js';
import { startRuntime } from '../start.js';
import { openStore } from '../store/store.js';
import { listCalls } from './queries.js';

const FILE = 'contracts/servicenow/table-api.openapi.yaml';
const TEXT = readFileSync(new URL(`../../../${FILE}`, import.meta.url), 'utf8');

describe.each(ENGINES)('queued action calls survive a restart (%s store; Interlock mock of the ServiceNow contract on loopback)', (engine) => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock(prepareMockContract(FILE, TEXT).value!);
  });
  afterAll(async () => mock?.close());

  it('a call queued by a runtime that stops before running it is made by the next one, once', async () => {
    const location = await freshLocation(engine);
    const document = parse(TEXT) as unknown;
    const delivery = { config: { retry: FAST_RETRY, pollMs: 50, secrets: configSecretResolver({ SN_TOKEN: 'test-token' }) }, contractDocument: () => document };
    try {
      const first = await startRuntime({ store: await openStore(location.location), port: 0, delivery, actions: { workers: false }, scheduler: false, streams: false });
      await first.store.putResource('Contract', 'servicenow-table-api', { spec: { format: 'openapi' } }, { actor: 'test', now: new Date() }, { actor: 'test', action: 'putResource', target: null, data: {} });
      await putIntegration(first.store, 'servicenow-incidents', {
        vendor: 'servicenow',
        contract: { ref: 'servicenow-table-api' },
        endpoint: { baseUrl: mock.url, localTesting: true },
        auth: { type: 'apiKey', in: 'header', name: 'Authorization', value: 'env:SN_TOKEN' },
        actions: [{ on: 'incident.created', call: 'createIncident', with: { short_description: '{{event.data.summary}}' } }],
      });
      const accepted = await first.services.delivery!.accept({ type: 'incident.created', data: { summary: 'Queued before a restart' } });
      expect((await listCalls(first.store.db, { eventId: accepted.eventId, limit: 10 })).map((c) => c.status)).toEqual(['pending']);
      await first.close();
      await first.store.close();
      expect(mock.requests({ operation: 'createIncident' })).toEqual([]);

      const second = await startRuntime({ store: await openStore(location.location), port: 0, delivery, actions: { pollMs: 50 }, scheduler: false, streams: false });
      try {
        for (let i = 0; i < 400 && (await listCalls(second.store.db, { eventId: accepted.eventId, limit: 10 }))[0].status !== 'succeeded'; i++) await new Promise((r) => setTimeout(r, 25));
        const [call] = await listCalls(second.store.db, { eventId: accepted.eventId, limit: 10 });
        expect([call.status, call.attempts, call.lastError]).toEqual(['succeeded', 1, null]);
        const sent = mock.requests({ operation: 'createIncident' });
        expect(sent.map((r) => (r.body as { short_description: string }).short_description)).toEqual(['Queued before a restart']);
      } finally {
        await second.close();
        await second.store.close();
      }
    } finally {
      await location.dispose();
    }
  });
});
