import type { AcceptedEvent } from '../delivery/model.js';

/** One entry of an Integration's `spec.actions`, as applied. */
export interface ActionSpec {
  on: string;
  call: string;
  with: Record<string, unknown>;
  emit?: { event: string; with: Record<string, unknown> };
}

export type { ActionCallView, CallOutcome, CallStatus } from '../../core/actions-api.js';
import type { CallOutcome } from '../../core/actions-api.js';

/** One queued call of a vendor operation: the unit the action workers claim. */
export interface ActionCall {
  id: string;
  eventId: string;
  integration: string;
  actionIndex: number;
  operation: string;
  action: ActionSpec;
  /** The `with` mapping rendered from the event, by mapped key (`fields.summary`), or null when rendering failed. */
  request: Record<string, unknown> | null;
  /** 1-based number of the attempt about to be made. */
  attempt: number;
  createdAt: string;
  /** The tenant the call's event belongs to: its integration is looked up, and its emit accepted, there. */
  tenant: string;
}

export interface CallAttemptRecord {
  callId: string;
  attempt: number;
  integration: string;
  operation: string;
  at: string;
  status: number | null;
  error: string | null;
  latencyMs: number;
  outcome: CallOutcome;
  nextAttemptAt: string | null;
  emittedEventId: string | null;
}

export type { AcceptedEvent };
