import type { AlertRule } from './rule.js';

/** At least this many attempts in the window before a share of 5xx means anything. */
export const MIN_ATTEMPTS = 3;
/** Share of 5xx answers in the window that counts as sustained. */
export const SERVER_ERROR_SHARE = 0.5;

/**
 * `sustained-5xx` (Sev-2): over the integration's SLO window at least half of at least three attempts were
 * answered 5xx and the newest one still was. It resolves once the vendor answers again (the newest attempt
 * is not a 5xx) or the failures leave the window.
 */
export const sustained5xx: AlertRule = {
  id: 'sustained-5xx',
  evaluate({ integrations }) {
    return integrations
      .filter((i) => i.traffic.attempts >= MIN_ATTEMPTS && i.traffic.serverErrors / i.traffic.attempts >= SERVER_ERROR_SHARE && (i.traffic.lastStatus ?? 0) >= 500)
      .map((i) => ({
        rule: 'sustained-5xx',
        dedupeKey: `sustained-5xx:${i.name}`,
        severity: 'sev-2' as const,
        integration: i.name,
        summary: `${i.name}: ${i.traffic.serverErrors} of ${i.traffic.attempts} attempts answered 5xx in the last ${i.slo.windowSeconds / 60} min`,
        data: { attempts: i.traffic.attempts, serverErrors: i.traffic.serverErrors, windowSeconds: i.slo.windowSeconds, lastStatus: i.traffic.lastStatus },
      }));
  },
};
