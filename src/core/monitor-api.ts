/** The wire vocabulary of monitoring (`/v1/trust`, `/v1/alerts`), shared by the runtime and its client. */

export type AlertSeverity = 'sev-1' | 'sev-2' | 'sev-3';
export type AlertStatus = 'open' | 'resolved';

/** Where an alert's opening or resolution was sent, and how the vendor answered. */
export interface AlertRouteResult {
  integration: string;
  operation: string;
  event: 'opened' | 'resolved';
  at: string;
  status: number | null;
  ok: boolean;
  error?: string;
}

export interface AlertView {
  id: string;
  /** Alerts with the same key are one alert while open (dedupe). */
  dedupeKey: string;
  rule: string;
  severity: AlertSeverity;
  integration: string | null;
  status: AlertStatus;
  summary: string;
  data: Record<string, unknown>;
  openedAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  routes: AlertRouteResult[];
}

export interface TrustPenaltyView {
  factor: string;
  points: number;
  value: number | string;
  target: number | string;
}

/** `GET /v1/trust`: one integration's latest score with its inputs, penalties, last drop and history. */
export interface TrustView {
  integration: string;
  score: number;
  at: string;
  inputs: Record<string, unknown>;
  penalties: TrustPenaltyView[];
  drop: { factor: string; points: number }[];
  history: { at: string; score: number }[];
}
