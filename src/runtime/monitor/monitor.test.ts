import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertView, TrustView } from '../../core/monitor-api.js';
import { integrationSpec, putIntegration } from '../../../test/support/delivery-fixtures.js';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';

const T0 = new Date('2026-11-10T12:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe('the monitor on a fixed clock', () => {
  let t: TestRuntime;
  let n = 0;
  const attempt = (integration: string, when: Date, status: number | null, latencyMs = 50) =>
    t.runtime.store.db.query(
      `INSERT INTO delivery_attempts (delivery_id, generation, attempt, integration, variant, at, status, error, latency_ms, outcome) VALUES ($1, 0, 1, $2, 'stable', $3, $4, NULL, $5, $6)`,
      [`dlv_${++n}`, integration, when, status, latencyMs, status !== null && status < 300 ? 'delivered' : 'retry'],
    );
  const tick = (when: Date) => t.runtime.services.monitor!.tick(when);

  beforeAll(async () => {
    t = await startTestRuntime('embedded', { monitor: true, delivery: false, scheduler: false });
    const store = t.runtime.store;
    await store.putResource('Vendor', 'acme', { spec: { legalName: 'Acme', assessment: { status: 'approved', expiresAt: '2026-11-20' } } }, { actor: 'test', now: T0 }, { actor: 'test', action: 'putResource', target: 'Vendor/acme', data: {} });
    await putIntegration(store, 'acme-crm', { ...integrationSpec('http://127.0.0.1:9/unused'), slo: { windowSeconds: 600, latencyP95Ms: 1000 } });
  });
  afterAll(async () => t?.dispose());

  it('scores, alerts once per condition, keeps the history with the reasons for a drop, and resolves', async () => {
    for (let i = 0; i < 4; i++) await attempt('acme-crm', at(-300 + i), 204);
    const first = await tick(T0);
    // Put through the admin API rather than applied from a commit: drift, 10 points.
    expect(first.scores.map((s) => [s.integration, s.score, s.inputs.attempts, s.inputs.drift])).toEqual([['acme-crm', 90, 4, true]]);
    expect(first.scores[0].penalties.map((p) => [p.factor, p.points])).toEqual([['drift', 10]]);
    // The assessment expires in 10 days: a Sev-3 notice (not posted anywhere), once per vendor and document.
    expect(first.opened.map((a) => [a.rule, a.severity, a.dedupeKey])).toEqual([['evidence-expiring', 'sev-3', 'evidence-expiring:acme:assessment']]);

    for (let i = 0; i < 6; i++) await attempt('acme-crm', at(10 + i), 503, 1500);
    const second = await tick(at(60));
    expect(second.opened.map((a) => [a.rule, a.severity, a.integration])).toEqual([['sustained-5xx', 'sev-2', 'acme-crm']]);
    const [score] = second.scores;
    expect(score.inputs).toMatchObject({ attempts: 10, succeeded: 4, serverErrors: 6, incidents: 1, slo: { windowSeconds: 600, latencyP95Ms: 1000 } });
    expect(score.score).toBeLessThan(90);
    expect(score.drop.map((d) => d.factor)).toEqual(['availability', 'error-rate', 'latency', 'incidents']);

    const third = await tick(at(120));
    expect(third.opened).toEqual([]);

    await attempt('acme-crm', at(150), 204);
    const fourth = await tick(at(180));
    expect(fourth.resolved.map((a) => a.rule)).toEqual(['sustained-5xx']);

    const trust = (await (await t.fetch('/v1/trust?history=10', { role: 'auditor' })).json()) as { integrations: TrustView[] };
    expect(trust.integrations[0].history.map((h) => h.at)).toEqual([T0, at(60), at(120), at(180)].map((d) => d.toISOString()));
    expect(trust.integrations[0].history[0].score).toBe(90);

    const open = (await (await t.fetch('/v1/alerts', { role: 'operator' })).json()) as { alerts: AlertView[] };
    expect(open.alerts.map((a) => a.rule)).toEqual(['evidence-expiring']);
    const all = (await (await t.fetch('/v1/alerts?status=all', { role: 'operator' })).json()) as { alerts: AlertView[] };
    expect(all.alerts.map((a) => [a.rule, a.status, a.openedAt, a.resolvedAt])).toEqual([
      ['sustained-5xx', 'resolved', at(60).toISOString(), at(180).toISOString()],
      ['evidence-expiring', 'open', T0.toISOString(), null],
    ]);
    const metrics = await (await t.fetch('/metrics', { role: null })).text();
    expect(metrics).toMatch(/^interlock_trust_score\{integration="acme-crm"\} \d+$/m);
    expect(metrics).toContain('interlock_alerts_open{severity="sev-3"} 1');
  });

  it('refuses a role without monitor read and a bad status filter', async () => {
    expect((await t.fetch('/v1/alerts', { role: 'privacy' })).status).toBe(403);
    expect((await t.fetch('/v1/trust', { role: 'privacy' })).status).toBe(403);
    const bad = await t.fetch('/v1/alerts?status=closed', { role: 'auditor' });
    expect(bad.status).toBe(400);
  });
});
