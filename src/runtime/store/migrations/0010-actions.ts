import type { Migration } from './migration.js';

/**
 * Actions: an accepted event that an Integration's `spec.actions` listens to queues one call per action,
 * written in the same transaction as the event (the outbox), with its `with` mapping already rendered and
 * the action as applied at that moment. Every attempt is logged (the call log). `emitted_event_id` links a
 * call to the event its `emit` produced.
 */
export const actionsMigration: Migration = {
  id: 10,
  name: 'actions',
  up: `
CREATE TABLE action_calls (
  id text PRIMARY KEY,
  event_id text NOT NULL REFERENCES events (id),
  integration text NOT NULL,
  action_index integer NOT NULL,
  operation text NOT NULL,
  action text NOT NULL,
  request text,
  status text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  locked_until timestamptz,
  last_status integer,
  last_error text,
  emitted_event_id text,
  created_at timestamptz NOT NULL,
  finished_at timestamptz,
  UNIQUE (event_id, integration, action_index)
);
CREATE INDEX action_calls_due ON action_calls (next_attempt_at) WHERE status = 'pending';
CREATE INDEX action_calls_by_integration ON action_calls (integration, created_at);

CREATE TABLE action_attempts (
  call_id text NOT NULL,
  attempt integer NOT NULL,
  integration text NOT NULL,
  operation text NOT NULL,
  at timestamptz NOT NULL,
  status integer,
  error text,
  latency_ms double precision NOT NULL,
  outcome text NOT NULL,
  PRIMARY KEY (call_id, attempt)
);
CREATE INDEX action_attempts_by_integration ON action_attempts (integration, at);
`,
};
