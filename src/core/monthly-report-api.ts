/** The wire vocabulary of the monthly summary (`GET /v1/reports/monthly`), shared by the runtime, its client and the renderers. */

/** Delivery attempts and action calls to vendors (one row each, as recorded). */
export interface CallFigures {
  attempts: number;
  succeeded: number;
  clientErrors: number;
  serverErrors: number;
  /** No HTTP answer (network, timeout, refused by the egress guard). */
  noAnswer: number;
  /** succeeded / attempts (null without attempts). */
  availability: number | null;
  /** serverErrors / attempts (null without attempts). */
  errorRate: number | null;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
}

export interface TrustTrend {
  /** The first and last score of the month, and its lowest and highest (null: never scored). */
  first: number | null;
  last: number | null;
  min: number | null;
  max: number | null;
  /** One point per day with scores: the day's mean, rounded. */
  daily: { day: string; score: number }[];
}

export interface MonthlyIntegration {
  integration: string;
  vendor: string | null;
  trust: TrustTrend;
  alerts: { raised: number; resolved: number; sev1: number; sev2: number; sev3: number };
  calls: CallFigures;
  /** Erasure steps of requests received this month, by outcome. */
  erasures: { steps: number; done: number; failed: number; open: number };
  /** Applies and edits of the Integration this month. */
  changes: number;
}

/** Vendor evidence that runs out before 30 days past the month's end (or already has). */
export interface ExpiringItem {
  vendor: string;
  document: string;
  expires: string;
  /** Days from the month's end to the expiry; negative when already expired. */
  days: number;
}

export interface MonthlySummary {
  /** `YYYY-MM` (UTC). */
  month: string;
  from: string;
  to: string;
  generatedAt: string;
  integrations: MonthlyIntegration[];
  overall: {
    calls: CallFigures;
    alerts: { raised: number; resolved: number; sev1: number; sev2: number; sev3: number };
    /** Requests received and closed this month, and those whose deadline fell in it and that were not closed by it. */
    erasureRequests: { received: number; closed: number; overdue: number };
    /** Resource changes recorded this month and the distinct commits they came from. */
    changes: { entries: number; commits: string[] };
  };
  expiring: ExpiringItem[];
}

/** `2026-11` → its first instant and the next month's (UTC); undefined for anything else. */
export function monthRange(month: string): { from: Date; to: Date } | undefined {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return { from: new Date(Date.UTC(y, mo - 1, 1)), to: new Date(Date.UTC(y, mo, 1)) };
}

/** The month before the one `now` falls in, as `YYYY-MM` (the report's default: the last full month). */
export function previousMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}
