import type { RuntimeLog } from '../log.js';

/** One reason an integration is unhealthy: a check (e.g. `secret`) on a subject (the reference). */
export interface HealthProblem {
  check: string;
  subject: string;
  reason: string;
  detail: string;
  since: string;
  /** Failures since the problem appeared. */
  count: number;
}

export interface IntegrationHealth {
  integration: string;
  healthy: boolean;
  problems: HealthProblem[];
}

/**
 * What the runtime knows about each integration's ability to run: problems are reported when a check
 * fails and cleared when it passes again. Each change is logged once (not each repeat), so a Vault outage
 * is one error line per reference and one line when it recovers.
 */
export class ConnectorHealth {
  private readonly problems = new Map<string, Map<string, HealthProblem>>();

  constructor(
    private readonly log: RuntimeLog = () => undefined,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  fail(integration: string, check: string, subject: string, reason: string, detail: string): void {
    let map = this.problems.get(integration);
    if (!map) this.problems.set(integration, (map = new Map()));
    const key = `${check}\0${subject}`;
    const known = map.get(key);
    if (known && known.reason === reason && known.detail === detail) {
      known.count++;
      return;
    }
    map.set(key, { check, subject, reason, detail, since: known?.since ?? this.clock().toISOString(), count: (known?.count ?? 0) + 1 });
    this.log({ level: 'error', msg: `integration ${integration} is unhealthy: ${detail}`, integration, check, subject, reason });
  }

  pass(integration: string, check: string, subject: string): void {
    const map = this.problems.get(integration);
    if (!map?.delete(`${check}\0${subject}`)) return;
    if (!map.size) this.problems.delete(integration);
    this.log({ level: 'info', msg: `integration ${integration}: ${check} ${subject} recovered`, integration, check, subject });
  }

  of(integration: string): IntegrationHealth {
    const problems = [...(this.problems.get(integration)?.values() ?? [])].map((p) => ({ ...p }));
    return { integration, healthy: problems.length === 0, problems };
  }

  /** Every integration with a problem. */
  unhealthy(): IntegrationHealth[] {
    return [...this.problems.keys()].sort().map((name) => this.of(name));
  }
}
