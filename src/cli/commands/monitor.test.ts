import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthlyReportJobKind } from '../../runtime/monitor/monthly-report-job.js';
import type { MonthlySummary } from '../../core/monthly-report-api.js';
import { integrationSpec } from '../../../test/support/delivery-fixtures.js';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';
import { runtimeCli } from '../../../test/support/runtime-cli.js';

/**
 * `interlock report monthly`, `trust` and `alerts list` against a runtime on a fixed clock (2 December 2026):
 * November's recorded data — delivery attempts and action calls (with some in October and December, outside
 * the month), monitor ticks that raise and resolve a Sev-2 alert, an erasure request, an apply — summarised.
 */
const CLOCK = new Date('2026-12-02T08:00:00.000Z');
const nov = (day: number, hour = 12) => new Date(Date.UTC(2026, 10, day, hour));

describe('interlock report monthly, trust and alerts list on a fixed clock', () => {
  let t: TestRuntime;
  let n = 0;
  const attempt = (table: 'delivery_attempts' | 'action_attempts', when: Date, status: number | null, latencyMs: number) =>
    table === 'delivery_attempts'
      ? t.runtime.store.db.query(`INSERT INTO delivery_attempts (delivery_id, generation, attempt, integration, variant, at, status, error, latency_ms, outcome) VALUES ($1, 0, 1, 'acme-crm', 'stable', $2, $3, NULL, $4, 'delivered')`, [`dlv_${++n}`, when, status, latencyMs])
      : t.runtime.store.db.query(`INSERT INTO action_attempts (call_id, attempt, integration, operation, at, status, error, latency_ms, outcome) VALUES ($1, 1, 'acme-crm', 'createThing', $2, $3, NULL, $4, 'done')`, [`call_${++n}`, when, status, latencyMs]);

  beforeAll(async () => {
    t = await startTestRuntime('embedded', { monitor: true, delivery: false, scheduler: false, clock: () => CLOCK });
    const store = t.runtime.store;
    const audit = (target: string) => ({ actor: 'test', action: 'putResource', target, data: {} });
    await store.putResource('Vendor', 'acme', { spec: { legalName: 'Acme', assessment: { status: 'approved', expiresAt: '2026-12-20' } } }, { actor: 'test', now: nov(1, 9) }, audit('Vendor/acme'));
    await store.putResource('Integration', 'acme-crm', { spec: { ...integrationSpec('http://127.0.0.1:9/unused'), slo: { windowSeconds: 3600 } } }, { actor: 'test', now: nov(1, 10) }, audit('Integration/acme-crm'));
    // Outside November: never counted.
    await attempt('delivery_attempts', new Date('2026-10-31T23:59:59Z'), 500, 9000);
    await attempt('delivery_attempts', new Date('2026-12-01T00:00:00Z'), 500, 9000);
    // 100 calls in November: 96 answered 2xx (latency 10..105 ms), 3 answered 503, 1 without an answer
    // (percentile_cont: p50 between 59 and 60 ms, p99 a hundredth of the way from 2,000 to 30,000 ms).
    for (let i = 0; i < 90; i++) await attempt('delivery_attempts', nov(3 + (i % 20)), 204, 10 + i);
    for (let i = 90; i < 96; i++) await attempt('action_attempts', nov(5), 201, 10 + i);
    for (let i = 0; i < 3; i++) await attempt('delivery_attempts', nov(25, 10), 503, 2000);
    await attempt('delivery_attempts', new Date('2026-11-25T09:30:00Z'), null, 30000);
    const monitor = t.runtime.services.monitor!;
    await monitor.tick(nov(24, 12));
    await monitor.tick(nov(25, 10)); // three 503s and a timeout in the last hour: Sev-2 sustained-5xx
    await monitor.tick(nov(26, 12)); // the window has moved on: resolved
    await store.db.query(
      `INSERT INTO erasure_requests (id, identifiers, identifier_digests, content_hash, legal_basis, deadline, jurisdiction, status, created_at, created_by, closed_at) VALUES ('er_1', '[]', '[]', 'h', 'gdpr-17', $1, 'eu', 'completed', $2, 'privacy', $3)`,
      [nov(30), nov(10), nov(12)],
    );
    await store.db.query(`INSERT INTO erasure_steps (request_id, step_id, integration, method, operation, identifier_type, spec, state, attempts, updated_at) VALUES ('er_1', 's1', 'acme-crm', 'delete', 'deleteThing', 'email', '{}', 'done', 1, $1)`, [nov(11)]);
  });
  afterAll(() => t?.dispose());

  const cli = runtimeCli(() => t);

  it('summarises last month by default from the recorded data, as JSON', async () => {
    const res = await cli('report', 'monthly', '--format', 'json');
    expect(res.code).toBe(0);
    const s = JSON.parse(res.out) as MonthlySummary;
    expect([s.month, s.from, s.to, s.generatedAt]).toEqual(['2026-11', '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z', CLOCK.toISOString()]);
    const [crm] = s.integrations;
    expect(crm.integration).toBe('acme-crm');
    expect(crm.vendor).toBe('acme');
    expect(crm.calls).toEqual({ attempts: 100, succeeded: 96, clientErrors: 0, serverErrors: 3, noAnswer: 1, availability: 0.96, errorRate: 0.03, latencyP50Ms: 59.5, latencyP99Ms: 2280 });
    expect(crm.alerts).toEqual({ raised: 1, resolved: 1, sev1: 0, sev2: 1, sev3: 0 });
    expect(crm.trust.daily.map((d) => d.day)).toEqual(['2026-11-24', '2026-11-25', '2026-11-26']);
    expect(crm.trust.first).toBe(crm.trust.daily[0].score);
    expect(crm.trust.min).toBeLessThan(crm.trust.first!);
    expect(crm.trust.last).toBe(crm.trust.daily[2].score);
    expect(crm.erasures).toEqual({ steps: 1, done: 1, failed: 0, open: 0 });
    expect(crm.changes).toBe(1);
    expect(s.overall.calls.attempts).toBe(100);
    expect(s.overall.erasureRequests).toEqual({ received: 1, closed: 1, overdue: 0 });
    expect(s.overall.changes.entries).toBe(2);
    // The assessment runs out 19 days after the month's end (and raised a Sev-3 notice in November).
    expect(s.expiring).toEqual([{ vendor: 'acme', document: 'assessment', expires: '2026-12-20', days: 19 }]);
    expect(s.overall.alerts).toMatchObject({ raised: 2, resolved: 1, sev2: 1, sev3: 1 });
  });

  it('renders Markdown and text, takes --month, and refuses a malformed month before calling the runtime', async () => {
    const md = await cli('report', 'monthly', '--month', '2026-11', '--format', 'markdown');
    expect(md.code).toBe(0);
    expect(md.out).toContain('# Integration monthly summary — 2026-11');
    expect(md.out).toMatch(/\| `acme-crm` \| acme \| \d+ → \d+ \(min \d+\) [▁-█]{3} \| 1\/1 \| 100 \| 96\.00% \| 3\.00% \(3\) \| 59\.5 ms \| 2280 ms \| 1\/1 \| 1 \|/);
    expect(md.out).toContain('- acme assessment: 2026-12-20 (19 days after the month\'s end)');
    const text = await cli('report', 'monthly', '--month', '2026-11');
    expect(text.out).toContain('Calls: 100 calls, availability 96.00%, 5xx 3.00% (3), 4xx 0, no answer 1, p50 59.5 ms, p99 2280 ms');
    const october = JSON.parse((await cli('report', 'monthly', '--month', '2026-10', '--format', 'json')).out) as MonthlySummary;
    expect(october.integrations[0].calls.attempts).toBe(1);
    const html = await cli('report', 'monthly', '--month', '2026-11', '--format', 'html');
    expect(html.out).toMatch(/^<!doctype html>/);
    expect(html.out).toContain('<td>acme-crm</td><td>acme</td>');
    expect(html.out).not.toMatch(/<script|<link|src=/);
    const bad = await cli('report', 'monthly', '--month', '2026-13');
    expect([bad.code, bad.err]).toEqual([2, expect.stringContaining('--month must be YYYY-MM')]);
  });

  it('the monthly-report job writes last month as Markdown and HTML', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'interlock-monthly-'));
    try {
      const kind = monthlyReportJobKind(t.runtime.store, dir);
      expect(kind.jobs([{ name: 'acme-crm', spec: {} }]).map((j) => [j.id, j.schedule.cron])).toEqual([['monthly-report:all', '0 6 1 * *']]);
      const [job] = kind.jobs([{ name: 'acme-crm', spec: {} }]);
      expect(await kind.run({ job, runId: 'run_1', scheduledFor: new Date('2026-12-01T06:00:00Z'), trigger: 'schedule', signal: new AbortController().signal })).toEqual({ items: 1 });
      expect(readFileSync(path.join(dir, 'monthly-2026-11.md'), 'utf8')).toContain('| `acme-crm` | acme |');
      expect(readFileSync(path.join(dir, 'monthly-2026-11.html'), 'utf8')).toContain('<h1>Integration monthly summary — 2026-11</h1>');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('interlock trust and alerts list show the scores and alerts', async () => {
    const trust = await cli('trust');
    expect(trust.code).toBe(0);
    expect(trust.out).toMatch(/^INTEGRATION\s+SCORE\s+AT\s+HISTORY\s+PENALTIES\nacme-crm\s+\d+\s+2026-11-26T12:00:00.000Z\s+[▁-█]{3}\s+/);
    const resolved = await cli('alerts', 'list', '--status', 'resolved', '--format', 'json');
    expect((JSON.parse(resolved.out) as { alerts: { rule: string; severity: string }[] }).alerts.map((a) => [a.rule, a.severity])).toEqual([['sustained-5xx', 'sev-2']]);
    const open = await cli('alerts', 'list');
    expect(open.out).toContain('evidence-expiring');
    expect(open.out.split('\n')[0]).toMatch(/^ID\s+SEVERITY\s+STATUS\s+RULE/);
  });
});
