import type { AlertSeverity } from '../../../core/monitor-api.js';
import type { IntegrationHealth } from '../../connectors/health.js';
import type { Slo } from '../slo.js';
import type { TrafficSummary } from '../trust-queries.js';
import type { ProposedPullRequest, SpecFinding } from '../vendor-spec/vendor-spec-queries.js';

/** What the monitor knows about one applied integration at a tick. */
export interface MonitoredIntegration {
  name: string;
  spec: Record<string, unknown>;
  vendor: { name: string; spec: Record<string, unknown> } | null;
  slo: Slo;
  /** The delivery log over the SLO window ending now, with the status of the newest attempt. */
  traffic: TrafficSummary & { lastStatus: number | null };
  health: IntegrationHealth;
  /** Breaking changes of its contract's published description on operations it uses (vendor spec drift). */
  specDrift: { contract: string; hash: string; findings: SpecFinding[]; pullRequest: ProposedPullRequest | null }[];
}

export interface RuleContext {
  now: Date;
  integrations: readonly MonitoredIntegration[];
}

/** A condition that holds now; while it holds its alert stays open, when it stops the alert resolves. */
export interface Firing {
  rule: string;
  dedupeKey: string;
  severity: AlertSeverity;
  integration: string | null;
  summary: string;
  data: Record<string, unknown>;
}

/** One alert rule: a pure function of what the monitor measured (one file per rule, listed in rules/index.ts). */
export interface AlertRule {
  id: string;
  evaluate(ctx: RuleContext): Firing[];
}
