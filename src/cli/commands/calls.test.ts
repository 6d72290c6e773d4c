import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';
import { runtimeCli } from '../../../test/support/runtime-cli.js';
import type { ActionCallView } from '../../core/actions-api.js';
import { putIntegration } from '../../../test/support/delivery-fixtures.js';

describe('interlock calls list against a runtime whose action cannot render (no vendor needed: nothing is sent)', () => {
  let t: TestRuntime;
  beforeAll(async () => {
    t = await startTestRuntime('embedded');
    await putIntegration(t.runtime.store, 'servicenow-incidents', {
      vendor: 'servicenow',
      contract: { ref: 'servicenow-table-api' },
      endpoint: { baseUrl: 'https://northwind.service-now.com' },
      auth: { type: 'none' },
      actions: [{ on: 'incident.created', call: 'createIncident', with: { short_description: '{{event.data.summary}}' } }],
    });
  });
  afterAll(async () => t?.dispose());
  const cli = runtimeCli(() => t);

  it('lists the dead call with its reason, as JSON and as a table; filters by status', async () => {
    const res = await t.fetch('/v1/events', { method: 'POST', role: 'operator', body: JSON.stringify({ type: 'incident.created', data: {} }) });
    const { eventId } = (await res.json()) as { eventId: string };
    const out = await cli('calls', 'list', '--status', 'dead', '--format', 'json');
    expect(out.code).toBe(0);
    const calls = (JSON.parse(out.out) as { calls: ActionCallView[] }).calls;
    expect(calls.map((c) => [c.eventId, c.integration, c.operation, c.status, c.lastError])).toEqual([
      [eventId, 'servicenow-incidents', 'createIncident', 'dead', "cannot render 'with': {{event.data.summary}} has no value"],
    ]);
    const text = await cli('calls', 'list');
    const [header, row] = text.out.trimEnd().split('\n').map((l) => l.split(/ {2,}/));
    expect(header).toEqual(['ID', 'INTEGRATION', 'OPERATION', 'STATUS', 'ATTEMPTS', 'LAST', 'EMITTED', 'ERROR']);
    expect(row).toEqual([calls[0].id, 'servicenow-incidents', 'createIncident', 'dead', '0', '-', '-', "cannot render 'with': {{event.data.summary}} has no value"]);
    expect((await cli('calls', 'list', '--status', 'pending')).out).toBe('no calls\n');
    expect((await cli('calls', 'list', '--limit', '0')).code).toBe(2);
  });
});
