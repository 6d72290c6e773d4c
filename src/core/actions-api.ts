/** The admin API's view of Integrations' action calls (`GET /v1/actions/calls`), shared by the runtime and its client. */

export type CallStatus = 'pending' | 'succeeded' | 'dead';
export type CallOutcome = 'succeeded' | 'retry' | 'dead';

/** One call of a vendor operation with its log of attempts. */
export interface ActionCallView {
  id: string;
  eventId: string;
  integration: string;
  operation: string;
  status: CallStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  /** The event the call's `emit` produced. */
  emittedEventId: string | null;
  createdAt: string;
  finishedAt: string | null;
  log: { attempt: number; at: string; status: number | null; error: string | null; latencyMs: number; outcome: CallOutcome }[];
}

export interface ActionCallFilter {
  integration?: string;
  status?: CallStatus;
  event?: string;
  limit?: number;
}
