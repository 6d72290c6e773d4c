import type { Permission } from './enforcer.js';

/** What a scope lets a token do within its family: read, change, or administer. */
export type ScopeAccess = 'read' | 'write' | 'admin';

/** One family scope: the Casbin permissions (as routes declare them) it covers. */
export interface ScopeDefinition {
  /** `<family>:<access>`: what a token lists in `scopes`. */
  scope: string;
  access: ScopeAccess;
  /** One line for the reference (docs/runtime/scopes.md). */
  summary: string;
  grants: readonly Permission[];
}

const grant = (object: string, ...actions: string[]): Permission[] => actions.map((action) => ({ object, action }));

/**
 * Every family scope, in the order the reference lists them. A scope covers Casbin permissions rather
 * than operation ids so that a route and its scope cannot drift apart: the operation's own
 * `permission` decides both the role check and the scope it needs. Every permission a route declares is
 * covered by exactly one scope here (scopes.test.ts), and docs/runtime/scopes.md is rendered from this table.
 */
export const SCOPES: readonly ScopeDefinition[] = [
  { scope: 'state:read', access: 'read', summary: 'Read the applied state, a resource and its history, and integration health', grants: grant('state', 'read') },
  { scope: 'state:write', access: 'write', summary: 'Edit a resource out of band and release a protected one', grants: grant('state', 'write', 'release') },
  { scope: 'apply:write', access: 'write', summary: 'Apply a plan, holding the apply lease', grants: [...grant('state', 'apply'), ...grant('lease', 'acquire')] },
  { scope: 'audit:read', access: 'read', summary: 'Read the audit log', grants: grant('audit', 'read') },
  { scope: 'events:write', access: 'write', summary: 'Send events', grants: grant('events', 'write') },
  { scope: 'deliveries:read', access: 'read', summary: 'Read the delivery log, its statistics and canaries', grants: grant('deliveries', 'read') },
  { scope: 'deliveries:write', access: 'write', summary: 'Replay deliveries and route canary shares', grants: grant('deliveries', 'replay', 'route') },
  { scope: 'actions:read', access: 'read', summary: 'Read the action call log', grants: grant('actions', 'read') },
  { scope: 'jobs:read', access: 'read', summary: 'List scheduled jobs and their runs', grants: grant('jobs', 'read') },
  { scope: 'jobs:write', access: 'write', summary: 'Run a job now', grants: grant('jobs', 'run') },
  { scope: 'exports:read', access: 'read', summary: 'List exports and their runs', grants: grant('exports', 'read') },
  { scope: 'exports:write', access: 'write', summary: 'Run an export now', grants: grant('exports', 'run') },
  { scope: 'streams:read', access: 'read', summary: 'List stream sinks and their cursors', grants: grant('streams', 'read') },
  { scope: 'monitor:read', access: 'read', summary: 'Read trust scores, alerts, vendor spec drift and the monthly report', grants: grant('monitor', 'read') },
  { scope: 'console:read', access: 'read', summary: 'Sign in to the read-only console', grants: grant('console', 'read') },
  { scope: 'approvals:read', access: 'read', summary: 'Read approvals held for a decision', grants: grant('approvals', 'read') },
  { scope: 'evidence:read', access: 'read', summary: 'Read and export evidence', grants: grant('evidence', 'read') },
  { scope: 'evidence:write', access: 'write', summary: 'Send signed evidence', grants: grant('evidence', 'write') },
  { scope: 'evidence-types:read', access: 'read', summary: 'List evidence types', grants: grant('evidence-types', 'read') },
  { scope: 'evidence-types:write', access: 'write', summary: 'Register an evidence type', grants: grant('evidence-types', 'write') },
  { scope: 'probes:read', access: 'read', summary: 'List probe keys', grants: grant('probes', 'read') },
  { scope: 'probes:write', access: 'write', summary: 'Register and revoke probe keys', grants: grant('probes', 'write') },
  { scope: 'erasure:read', access: 'read', summary: 'Read erasure requests and their evidence', grants: grant('erasure', 'read') },
  { scope: 'erasure:write', access: 'write', summary: 'File an erasure request and close a vendor obligation', grants: grant('erasure', 'create', 'close') },
  { scope: 'tenants:read', access: 'read', summary: 'List tenants and their settings (platform operator tokens only)', grants: grant('tenants', 'read') },
  { scope: 'tenants:write', access: 'write', summary: 'Pin a tenant to a region (platform operator tokens only)', grants: grant('tenants', 'write') },
  { scope: 'tokens:admin', access: 'admin', summary: 'List, create, revoke and rotate tokens (never beyond the caller’s own tenant and scopes)', grants: grant('tokens', 'read', 'create', 'revoke', 'rotate') },
];

/** `integrations:<name>:read|write`: the operations of one integration, for operations that name one. */
export const INTEGRATION_SCOPE = /^integrations:([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?):(read|write)$/;

/** The family scope covering a permission; undefined for one no scope covers (a route must not have one). */
export function familyScopeOf(permission: Permission): ScopeDefinition | undefined {
  return SCOPES.find((s) => s.grants.some((g) => g.object === permission.object && g.action === permission.action));
}

/**
 * The scopes any one of which covers an operation: its family scope and, when the request names an
 * integration and the family is read or write, that integration's scope of the same access.
 */
export function scopesCovering(permission: Permission, integration: string | null): string[] {
  const family = familyScopeOf(permission);
  if (!family) return [];
  return integration && family.access !== 'admin' ? [family.scope, `integrations:${integration}:${family.access}`] : [family.scope];
}

/** Whether `scope` names a family scope or a well-formed integration scope. */
export function isKnownScope(scope: string): boolean {
  return SCOPES.some((s) => s.scope === scope) || INTEGRATION_SCOPE.test(scope);
}

/** Indexes and texts of the scopes in a list that are not known. */
export function unknownScopes(scopes: readonly string[]): { index: number; scope: string }[] {
  return scopes.flatMap((scope, index) => (isKnownScope(scope) ? [] : [{ index, scope }]));
}
