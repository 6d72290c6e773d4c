/**
 * The wire vocabulary of the runtime's stream sinks (`/v1/streams`), shared by the publisher that serves it
 * and the client that calls it.
 */

/** One integration's stream cursor as the store keeps it. */
export interface StreamCursorView {
  integration: string;
  engine: string;
  /** The last event the sink acknowledged (with every event before it); null before the first. */
  cursor: { acceptedAt: string; eventId: string } | null;
  published: number;
  /** Events skipped because a required DataContract field was missing. */
  rejected: number;
  /** Consecutive failed attempts; 0 after a success. */
  failures: number;
  lastError: string | null;
  lastErrorAt: string | null;
  updatedAt: string;
}

/** An integration's stream as `GET /v1/streams` lists it. */
export interface StreamView extends Omit<StreamCursorView, 'updatedAt'> {
  enabled: boolean;
  dataContract: string;
  dataContractVersion: string | null;
  updatedAt: string | null;
}
