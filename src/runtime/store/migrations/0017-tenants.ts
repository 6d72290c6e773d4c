import type { Migration } from './migration.js';

/**
 * Tenants (issue 20). Every tenant-owned row carries `tenant_id`; PostgreSQL itself keeps tenants apart
 * with row-level security, on both engines (PGlite is PostgreSQL, and enforces the same policies).
 *
 * - The column's default is the transaction's `interlock.tenant` setting (`default` when unset), so the
 *   existing INSERTs need no change: a request scoped to tenant `a` writes `a` rows.
 * - A request runs `SET LOCAL ROLE interlock_tenant` + `SET LOCAL interlock.tenant = '<id>'`
 *   (tenant-scope.ts). That role is never a superuser, so RLS applies to it even where the runtime
 *   connects as one (the test server's root, PGlite's postgres); under it, a row of another tenant is
 *   invisible and cannot be written. The runtime's own role (background workers: delivery, schedulers,
 *   retention) passes the same policies through the platform arm, `current_user <> 'interlock_tenant'`.
 * - Child rows written by background workers take their parent's tenant (`interlock_inherit_tenant`), so a
 *   delivery made by a worker from an event of tenant `a` belongs to `a`.
 * - Runtime-wide tables stay global (no column, no policy): runtime_state and runtime_lease (one applied
 *   revision counter and one apply lease per runtime), audit_head (the hash chain is one chain; its
 *   entries are per tenant), interlock_migrations, job_runs (scheduler ticks), access_tokens (a token's
 *   tenant is its own column, read before any tenant is known), evidence_types, probe_keys, probe_nonces
 *   and vendor_specs (operator-managed registries).
 * - A later migration that adds a tenant-owned table must add the column and the policy itself; the
 *   default privileges below already grant the role access to it.
 */
const OWNED = [
  'resources',
  'resource_history',
  'audit_log',
  'events',
  'deliveries',
  'delivery_attempts',
  'delivery_endpoints',
  'delivery_canaries',
  'inbound_messages',
  'export_runs',
  'export_parts',
  'stream_outbox',
  'stream_cursors',
  'action_calls',
  'action_attempts',
  'erasure_requests',
  'erasure_steps',
  'erasure_evidence',
  'trust_scores',
  'alerts',
  'evidence',
  'approvals',
] as const;

/** Child table → (parent table, keyed by `id`; the child's column naming the parent). */
const INHERITED: readonly (readonly [string, string, string])[] = [
  ['deliveries', 'events', 'event_id'],
  ['delivery_attempts', 'deliveries', 'delivery_id'],
  ['stream_outbox', 'events', 'event_id'],
  ['action_calls', 'events', 'event_id'],
  ['action_attempts', 'action_calls', 'call_id'],
  ['erasure_steps', 'erasure_requests', 'request_id'],
  ['erasure_evidence', 'erasure_requests', 'request_id'],
  ['export_parts', 'export_runs', 'run_id'],
];

const SETTING = "current_setting('interlock.tenant', true)";
const POLICY = `current_user <> 'interlock_tenant' OR tenant_id = ${SETTING}`;

export const tenantsMigration: Migration = {
  id: 17,
  name: 'tenants',
  up: `
-- Roles are cluster-wide: another database (or schema) on the server may have created it already.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'interlock_tenant') THEN
    CREATE ROLE interlock_tenant NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$ BEGIN
  IF NOT pg_has_role(current_user, 'interlock_tenant', 'MEMBER') THEN
    EXECUTE format('GRANT interlock_tenant TO %I', current_user);
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO interlock_tenant', current_schema());
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO interlock_tenant', current_schema());
  EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO interlock_tenant', current_schema());
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO interlock_tenant', current_schema());
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO interlock_tenant', current_schema());
END $$;

CREATE TABLE tenants (
  id text PRIMARY KEY,
  region text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
INSERT INTO tenants (id, created_at, updated_at) VALUES ('default', now(), now());
GRANT SELECT ON tenants TO interlock_tenant;

CREATE FUNCTION interlock_inherit_tenant() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE parent text;
BEGIN
  -- Only outside a tenant scope: inside one, the column default already is the request's tenant.
  IF coalesce(${SETTING}, '') = '' THEN
    EXECUTE format('SELECT tenant_id FROM %I WHERE %I = $1', TG_ARGV[0], TG_ARGV[1]) INTO parent USING to_jsonb(NEW) ->> TG_ARGV[2];
    IF parent IS NOT NULL THEN NEW.tenant_id := parent; END IF;
  END IF;
  RETURN NEW;
END $fn$;

${OWNED.map(
  (t) => `ALTER TABLE ${t} ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE ${t} ALTER COLUMN tenant_id SET DEFAULT coalesce(nullif(${SETTING}, ''), 'default');
ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${t} FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ${t} USING (${POLICY}) WITH CHECK (${POLICY});`,
).join('\n')}

${INHERITED.map(([child, parent, fk]) => `CREATE TRIGGER ${child}_tenant BEFORE INSERT ON ${child} FOR EACH ROW EXECUTE FUNCTION interlock_inherit_tenant('${parent}', 'id', '${fk}');`).join('\n')}

-- Names that are unique per tenant: the same resource (or idempotency key) may exist in two tenants.
ALTER TABLE resources DROP CONSTRAINT resources_pkey;
ALTER TABLE resources ADD PRIMARY KEY (tenant_id, kind, name);
DROP INDEX resource_history_target;
CREATE INDEX resource_history_target ON resource_history (tenant_id, kind, name, id);
ALTER TABLE events DROP CONSTRAINT events_idempotency_key_key;
ALTER TABLE events ADD CONSTRAINT events_idempotency_key_key UNIQUE (tenant_id, idempotency_key);
-- Keys a tenant names (integrations, client-chosen erasure ids) are per tenant too: a tenant's write must
-- never meet another tenant's row in a conflict (an ON CONFLICT on a row it cannot see is an error).
ALTER TABLE delivery_endpoints DROP CONSTRAINT delivery_endpoints_pkey;
ALTER TABLE delivery_endpoints ADD PRIMARY KEY (tenant_id, integration, variant);
ALTER TABLE delivery_canaries DROP CONSTRAINT delivery_canaries_pkey;
ALTER TABLE delivery_canaries ADD PRIMARY KEY (tenant_id, integration);
ALTER TABLE inbound_messages DROP CONSTRAINT inbound_messages_pkey;
ALTER TABLE inbound_messages ADD PRIMARY KEY (tenant_id, integration, message_id);
ALTER TABLE stream_outbox DROP CONSTRAINT stream_outbox_integration_event_id_key;
ALTER TABLE stream_outbox ADD CONSTRAINT stream_outbox_integration_event_id_key UNIQUE (tenant_id, integration, event_id);
ALTER TABLE stream_cursors DROP CONSTRAINT stream_cursors_pkey;
ALTER TABLE stream_cursors ADD PRIMARY KEY (tenant_id, integration);
ALTER TABLE trust_scores DROP CONSTRAINT trust_scores_pkey;
ALTER TABLE trust_scores ADD PRIMARY KEY (tenant_id, integration, at);
DROP INDEX export_runs_one_running;
CREATE UNIQUE INDEX export_runs_one_running ON export_runs (tenant_id, integration, window_start) WHERE status = 'running';
DROP INDEX alerts_one_open;
CREATE UNIQUE INDEX alerts_one_open ON alerts (tenant_id, dedupe_key) WHERE status = 'open';
ALTER TABLE erasure_steps DROP CONSTRAINT erasure_steps_request_id_fkey;
ALTER TABLE erasure_evidence DROP CONSTRAINT erasure_evidence_request_id_fkey;
ALTER TABLE erasure_steps DROP CONSTRAINT erasure_steps_pkey;
ALTER TABLE erasure_evidence DROP CONSTRAINT erasure_evidence_pkey;
ALTER TABLE erasure_requests DROP CONSTRAINT erasure_requests_pkey;
ALTER TABLE erasure_requests ADD PRIMARY KEY (tenant_id, id);
ALTER TABLE erasure_steps ADD PRIMARY KEY (tenant_id, request_id, step_id);
ALTER TABLE erasure_evidence ADD PRIMARY KEY (tenant_id, request_id, seq);
ALTER TABLE erasure_steps ADD FOREIGN KEY (tenant_id, request_id) REFERENCES erasure_requests (tenant_id, id);
ALTER TABLE erasure_evidence ADD FOREIGN KEY (tenant_id, request_id) REFERENCES erasure_requests (tenant_id, id);
`,
};
