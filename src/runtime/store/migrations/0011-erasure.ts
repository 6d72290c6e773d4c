import type { Migration } from './migration.js';

/**
 * Data-subject erasure. A request holds the subject's identifiers only while a step still needs them (they are
 * replaced by digests when the last step ends); each connector step is a row whose `state` is its durable
 * state machine, claimed with a lease so a runtime that dies mid-call is taken over; evidence items keep what
 * was called and answered, each with the seq of the audit entry that carries its digest.
 */
export const erasureMigration: Migration = {
  id: 11,
  name: 'erasure',
  up: `
CREATE TABLE erasure_requests (
  id text PRIMARY KEY,
  identifiers text NOT NULL,
  identifier_digests text NOT NULL,
  content_hash text NOT NULL,
  legal_basis text NOT NULL,
  deadline timestamptz NOT NULL,
  jurisdiction text,
  status text NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  closed_at timestamptz
);
CREATE INDEX erasure_requests_recent ON erasure_requests (created_at DESC);
CREATE TABLE erasure_steps (
  request_id text NOT NULL REFERENCES erasure_requests (id),
  step_id text NOT NULL,
  integration text NOT NULL,
  method text NOT NULL,
  operation text,
  identifier_type text NOT NULL,
  spec text NOT NULL,
  state text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  lease_until timestamptz,
  due_at timestamptz,
  outcome text,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (request_id, step_id)
);
CREATE INDEX erasure_steps_due ON erasure_steps (state, next_attempt_at);
CREATE TABLE erasure_evidence (
  request_id text NOT NULL REFERENCES erasure_requests (id),
  seq integer NOT NULL,
  step_id text,
  kind text NOT NULL,
  at timestamptz NOT NULL,
  data text NOT NULL,
  sha256 text NOT NULL,
  audit_seq bigint NOT NULL,
  PRIMARY KEY (request_id, seq)
);
`,
};
