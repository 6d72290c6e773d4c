import type { Migration } from './migration.js';

/**
 * Runtime actions that policy holds for a second person's decision (a replay of deliveries to a high-tier
 * vendor): the action and its parameters as requested, who asked, and who decided, how and when. The
 * Slack message that carries the buttons is remembered so the decision can replace them.
 */
export const approvalsMigration: Migration = {
  id: 14,
  name: 'approvals',
  up: `
CREATE TABLE approvals (
  id text PRIMARY KEY,
  action text NOT NULL,
  target text NOT NULL,
  tier text NOT NULL,
  params text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  requested_by text NOT NULL,
  requested_at timestamptz NOT NULL,
  decided_by text,
  decided_at timestamptz,
  result text,
  slack_channel text,
  slack_ts text
);
CREATE INDEX approvals_pending ON approvals (requested_at) WHERE status = 'pending';
`,
};
