import type { AlertRule } from './rule.js';

/**
 * `integration-unhealthy` (Sev-3): the runtime's health checks say the integration cannot run (a secret
 * reference that does not resolve, a connector worker that keeps crashing). One alert per check and subject.
 */
export const integrationUnhealthy: AlertRule = {
  id: 'integration-unhealthy',
  evaluate({ integrations }) {
    return integrations.flatMap((i) =>
      i.health.problems.map((p) => ({
        rule: 'integration-unhealthy',
        dedupeKey: `integration-unhealthy:${i.name}:${p.check}:${p.subject}`,
        severity: 'sev-3' as const,
        integration: i.name,
        summary: `${i.name} cannot run: ${p.check} ${p.subject} (${p.reason})`,
        data: { check: p.check, subject: p.subject, reason: p.reason, since: p.since, count: p.count },
      })),
    );
  },
};
