import { randomUUID } from 'node:crypto';
import type { AlertView } from '../../core/monitor-api.js';
import type { Metrics } from '../api/metrics.js';
import type { ConnectorHealth } from '../connectors/health.js';
import type { AddressClass } from '../delivery/address-class.js';
import type { SecretLookup } from '../delivery/secret-refs.js';
import type { Resolver } from '../delivery/ssrf-guard.js';
import type { RuntimeLog } from '../log.js';
import type { Store } from '../store/store.js';
import { addAlertRoutes, incidentsSince, openAlert, openAlerts, resolveAlert } from './alert-queries.js';
import { ALERT_RULES } from './rules/index.js';
import type { AlertRule, MonitoredIntegration } from './rules/rule.js';
import { alertChannels, postToSlack } from './slack-route.js';
import { sloOf } from './slo.js';
import { driftOf, insertTrustScore, lastStatusOf, latestTrustScores, trafficOf, type TrustRecord } from './trust-queries.js';
import { dropReasons, trustScore } from './trust-score.js';
import { assessmentState, expiredAttestations } from './vendor-evidence.js';
import { vendorSpecs, type VendorSpecRecord } from './vendor-spec/vendor-spec-queries.js';

export interface MonitorOptions {
  store: Store;
  health: ConnectorHealth;
  metrics: Metrics;
  secrets: SecretLookup;
  /** Address classes the egress guard lets alerts reach (the runtime's, as for action calls). */
  allowAddresses?: readonly AddressClass[];
  /** DNS for the egress guard (tests pin names). */
  resolve?: Resolver;
  log?: RuntimeLog;
  rules?: readonly AlertRule[];
}

export interface TickResult {
  scores: TrustRecord[];
  opened: AlertView[];
  resolved: AlertView[];
}

/**
 * The monitor: on each tick (a scheduled job, or `tick` from a test with its own clock) it reads the
 * delivery log of every applied integration over its SLO window, evaluates the alert rules (opening,
 * deduplicating and resolving alerts, and posting openings and resolutions to the Slack integrations), then
 * computes and keeps each connector's trust score with its inputs and the reasons for any drop.
 */
export class Monitor {
  private readonly log: RuntimeLog;
  private readonly rules: readonly AlertRule[];

  constructor(private readonly opts: MonitorOptions) {
    this.log = opts.log ?? (() => undefined);
    this.rules = opts.rules ?? ALERT_RULES;
  }

  async tick(now: Date): Promise<TickResult> {
    const { store } = this.opts;
    const state = await store.state();
    const vendors = new Map(state.resources.filter((r) => r.kind === 'Vendor').map((r) => [r.name, r.spec]));
    const applied = state.resources.filter((r) => r.kind === 'Integration').map((r) => ({ name: r.name, spec: r.spec }));
    const specs = await vendorSpecs(store.db);
    const monitored: MonitoredIntegration[] = [];
    for (const i of applied) {
      const slo = sloOf(i.spec);
      const from = new Date(now.getTime() - slo.windowSeconds * 1000);
      const vendorName = typeof i.spec.vendor === 'string' ? i.spec.vendor : null;
      const traffic = await trafficOf(store.db, i.name, from, now);
      monitored.push({
        name: i.name,
        spec: i.spec,
        vendor: vendorName && vendors.has(vendorName) ? { name: vendorName, spec: vendors.get(vendorName)! } : null,
        slo,
        traffic: { ...traffic, lastStatus: await lastStatusOf(store.db, i.name, from, now) },
        health: this.opts.health.of(i.name),
        specDrift: specDriftOf(i.spec, specs),
      });
    }
    const { opened, resolved } = await this.evaluate(monitored, applied, now);
    const scores = await this.score(monitored, now);
    return { scores, opened, resolved };
  }

  private async evaluate(monitored: MonitoredIntegration[], applied: { name: string; spec: Record<string, unknown> }[], now: Date): Promise<{ opened: AlertView[]; resolved: AlertView[] }> {
    const { store, metrics } = this.opts;
    const firing = this.rules.flatMap((r) => r.evaluate({ now, integrations: monitored }));
    const opened: AlertView[] = [];
    for (const f of firing) {
      const alert = await openAlert(store.db, `alr_${randomUUID().replace(/-/g, '').slice(0, 20)}`, f, now);
      if (alert) opened.push(alert);
    }
    const keys = new Set(firing.map((f) => f.dedupeKey));
    const resolved: AlertView[] = [];
    for (const a of await openAlerts(store.db)) {
      if (keys.has(a.dedupeKey)) continue;
      const done = await resolveAlert(store.db, a.id, now);
      if (done) resolved.push(done);
    }
    const channels = alertChannels(applied);
    for (const [alert, event] of [...opened.map((a) => [a, 'opened'] as const), ...resolved.map((a) => [a, 'resolved'] as const)]) {
      this.log({ level: event === 'opened' && alert.severity !== 'sev-3' ? 'error' : 'warn', msg: `alert ${alert.id} ${event}: ${alert.summary}`, alertId: alert.id, rule: alert.rule, severity: alert.severity, integration: alert.integration ?? undefined });
      // Sev-3 notices stay in the console and the API; Sev-1/2 page the channel.
      if (alert.severity === 'sev-3') continue;
      const results = [];
      for (const c of channels) {
        const egress = { allow: this.opts.allowAddresses ?? [], ...(this.opts.resolve ? { resolve: this.opts.resolve } : {}) };
        const r = await postToSlack(c, alert, event, this.opts.secrets, egress, now);
        metrics.calls.inc({ integration: c.integration, operation: r.operation, result: r.ok ? 'ok' : r.status === null ? 'error' : 'http_error' });
        if (!r.ok) this.log({ level: 'error', msg: `posting alert ${alert.id} through ${c.integration} failed: ${r.error ?? ''}`, integration: c.integration, alertId: alert.id, status: r.status });
        results.push(r);
      }
      if (results.length) await addAlertRoutes(store.db, alert.id, results);
    }
    metrics.openAlerts.reset();
    for (const a of await openAlerts(store.db)) metrics.openAlerts.inc({ severity: a.severity });
    return { opened, resolved };
  }

  private async score(monitored: MonitoredIntegration[], now: Date): Promise<TrustRecord[]> {
    const { store, metrics } = this.opts;
    const previous = new Map((await latestTrustScores(store.db)).map((r) => [r.integration, r]));
    const out: TrustRecord[] = [];
    for (const i of monitored) {
      const from = new Date(now.getTime() - i.slo.windowSeconds * 1000);
      const inputs = {
        slo: i.slo,
        windowStart: from.toISOString(),
        windowEnd: now.toISOString(),
        attempts: i.traffic.attempts,
        succeeded: i.traffic.succeeded,
        serverErrors: i.traffic.serverErrors,
        latencyP95Ms: i.traffic.latencyP95Ms,
        drift: await driftOf(store.db, i.name),
        vendorSpecChanges: i.specDrift.reduce((n, d) => n + d.findings.length, 0),
        incidents: await incidentsSince(store.db, i.name, from),
        rollbacks: 0,
        assessment: assessmentState(i.vendor?.spec, now),
        expiredAttestations: expiredAttestations(i.vendor?.spec, now),
      };
      const { score, penalties } = trustScore(inputs);
      const before = previous.get(i.name);
      const drop = before && score < before.score ? dropReasons(before.penalties, penalties) : [];
      const record: TrustRecord = { integration: i.name, at: now.toISOString(), score, inputs, penalties, drop };
      await insertTrustScore(store.db, record);
      metrics.trustScore.set({ integration: i.name }, score);
      if (drop.length) this.log({ level: 'warn', msg: `trust score of ${i.name} fell from ${before!.score} to ${score}`, integration: i.name, score, previous: before!.score, drop });
      out.push(record);
    }
    return out;
  }
}

/**
 * The breaking changes of the integration's contract's published description that reach an operation it
 * uses (all of them when it lists no `uses`); only findings computed against the applied contract count.
 */
function specDriftOf(spec: Record<string, unknown>, specs: readonly VendorSpecRecord[]): MonitoredIntegration['specDrift'] {
  const ref = spec.contract !== null && typeof spec.contract === 'object' ? (spec.contract as Record<string, unknown>).ref : undefined;
  const uses = Array.isArray(spec.uses) ? new Set(spec.uses) : null;
  return specs
    .filter((s) => s.contract === ref && s.hash !== null)
    .map((s) => ({ contract: s.contract, hash: s.hash!, pullRequest: s.pullRequest, findings: s.findings.filter((f) => f.level === 'breaking' && (!uses || f.operationId === undefined || uses.has(f.operationId))) }))
    .filter((d) => d.findings.length > 0);
}
