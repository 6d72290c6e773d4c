import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrationSpec, putIntegration } from '../../../test/support/delivery-fixtures.js';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';
import { runtimeCli } from '../../../test/support/runtime-cli.js';

describe('interlock jobs list / run / history', () => {
  let t: TestRuntime;
  beforeAll(async () => {
    t = await startTestRuntime('embedded');
    await putIntegration(t.runtime.store, 'acme', { ...integrationSpec('http://127.0.0.1:9/unused', { subscribe: ['acme.*'] }), schedule: '0 2 * * *' });
  });
  afterAll(() => t?.dispose());

  const cli = runtimeCli(() => t);

  it('lists, runs now and shows the history; an unknown job is exit 2 with the runtime’s reason', async () => {
    const list = await cli('jobs', 'list', '--format', 'json');
    expect(list.code).toBe(0);
    const jobs = (JSON.parse(list.out) as { jobs: { id: string; schedule: { cron: string; timezone: string } }[] }).jobs;
    expect(jobs.map((j) => [j.id, j.schedule.cron, j.schedule.timezone])).toEqual([
      ['history:purge', '37 3 * * *', 'UTC'],
      ['scheduled:acme', '0 2 * * *', 'UTC'],
      ['store:vacuum', '53 * * * *', 'UTC'],
    ]);

    const ran = await cli('jobs', 'run', 'scheduled:acme', '--format', 'json');
    expect(ran.code).toBe(0);
    const runRecord = JSON.parse(ran.out) as { id: string; outcome: string; items: number };
    expect([runRecord.outcome, runRecord.items]).toEqual(['succeeded', 1]);

    const history = await cli('jobs', 'history', 'scheduled:acme');
    expect(history.code).toBe(0);
    expect(history.out).toContain(`${runRecord.id}  manual`);

    const unknown = await cli('jobs', 'history', 'scheduled:nope');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('404 not-found');
    expect(unknown.err).not.toContain('    at ');
  });
});
