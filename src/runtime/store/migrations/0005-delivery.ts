import type { Migration } from './migration.js';

/**
 * Event delivery: the accepted events and, written in the same transaction, one delivery per subscribed
 * integration (the transactional outbox). A delivery keeps the exact body it signs, its target (URL and
 * secret *reference*, never the secret) and its place in the retry schedule; every attempt is logged.
 * `generation` grows with each replay so the bus does not de-duplicate a replayed message away.
 */
export const deliveryMigration: Migration = {
  id: 5,
  name: 'delivery',
  up: `
CREATE TABLE events (
  id text PRIMARY KEY,
  type text NOT NULL,
  data text NOT NULL,
  idempotency_key text UNIQUE,
  source text NOT NULL,
  accepted_at timestamptz NOT NULL
);

CREATE TABLE deliveries (
  id text PRIMARY KEY,
  event_id text NOT NULL REFERENCES events (id),
  integration text NOT NULL,
  variant text NOT NULL,
  target text NOT NULL,
  body text NOT NULL,
  status text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  generation integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  locked_until timestamptz,
  published boolean NOT NULL DEFAULT false,
  last_status integer,
  last_error text,
  created_at timestamptz NOT NULL,
  first_attempt_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_unpublished ON deliveries (created_at) WHERE status = 'pending' AND NOT published;
CREATE INDEX deliveries_by_integration ON deliveries (integration, created_at);
CREATE INDEX deliveries_dead ON deliveries (created_at) WHERE status = 'dead';

CREATE TABLE delivery_attempts (
  delivery_id text NOT NULL,
  generation integer NOT NULL,
  attempt integer NOT NULL,
  integration text NOT NULL,
  variant text NOT NULL,
  at timestamptz NOT NULL,
  status integer,
  error text,
  latency_ms double precision NOT NULL,
  outcome text NOT NULL,
  PRIMARY KEY (delivery_id, generation, attempt)
);
CREATE INDEX delivery_attempts_by_integration ON delivery_attempts (integration, at);

CREATE TABLE delivery_endpoints (
  integration text NOT NULL,
  variant text NOT NULL,
  failing_since timestamptz,
  last_success_at timestamptz,
  disabled_at timestamptz,
  disabled_reason text,
  PRIMARY KEY (integration, variant)
);

CREATE TABLE delivery_canaries (
  integration text PRIMARY KEY,
  percent integer NOT NULL,
  spec text NOT NULL,
  set_at timestamptz NOT NULL
);

CREATE TABLE inbound_messages (
  integration text NOT NULL,
  message_id text NOT NULL,
  fingerprint text NOT NULL,
  event_id text,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (integration, message_id)
);
CREATE INDEX inbound_messages_received ON inbound_messages (received_at);
`,
};
