/**
 * The wire vocabulary of the runtime's exports (`/v1/exports…`), shared by the export service that serves
 * them and the client that calls them.
 */
import type { ScheduleInput } from './schedule.js';

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'abandoned';

/** One export run of one window, as `GET /v1/exports/runs` lists it. */
export interface ExportRunView {
  id: string;
  integration: string;
  window: { start: string; end: string };
  attempt: number;
  trigger: string;
  status: RunStatus;
  rows: number;
  rejected: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  files: { key: string; rows: number; bytes: number; sha256: string }[];
}

/** An integration's export as `GET /v1/exports` lists it. */
export interface ExportJobView {
  integration: string;
  enabled: boolean;
  dataContract: string;
  dataContractVersion: string | null;
  schedule: ScheduleInput | null;
  window: 'month' | 'day' | 'hour';
  format: string;
  compression: string;
  encryption: { type: 'pgp'; recipients: string[] } | null;
  destination: string;
  lastRun: ExportRunView | null;
}
