import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { newEnforcer, newModelFromString, StringAdapter, Util } from 'casbin';
import { casbinRules, fieldCount } from '../../core/casbin-rules.js';
import { packageRoot } from '../package-files.js';
import { INTEGRATION_SCOPE, SCOPES } from './scopes.js';

/** What each admin operation needs: a Casbin object and action, as in policies/access.csv. */
export interface Permission {
  object: string;
  action: string;
}

export interface AccessControl {
  /** Where the model and policy were read from. */
  readonly source: string;
  /** Whether a role may, in a tenant's domain (absent or null: a platform operator token, domain `*`). */
  allows(role: string, permission: Permission, tenant?: string | null): boolean;
  /**
   * Whether one of a scoped token's scopes covers a permission: its family scope (`deliveries:read`), or —
   * when the request names an integration — that integration's scope (`integrations:jira-sync:read`).
   */
  scopeAllows(scopes: readonly string[], permission: Permission, tenant: string | null, integration: string | null): boolean;
  /** The roles a token may be scoped to: every subject with at least one rule. */
  roles(): string[];
  /** The roles a subject (a person, a `slack:<user id>`) holds, directly or through other roles. */
  rolesOf(subject: string): Promise<string[]>;
}

/**
 * Not a role: `p, approval-required, tier:<tier>, <action>` marks a runtime action on a vendor of that
 * tier as one that waits for an approval instead of running.
 */
export const APPROVAL_REQUIRED = 'approval-required';

/** The domain of a platform operator token (no tenant); a tenant is a slug, never `*`. */
export const PLATFORM_DOMAIN = '*';

/** Scopes are Casbin subjects of their own, `scope:<scope>`, never roles a token can be given. */
const SCOPE_SUBJECT = 'scope:';

const MODEL = path.join('policies', 'access.conf');
const POLICY = path.join('policies', 'access.csv');

/**
 * Loads policies/access.conf and access.csv from the workspace, or — when the workspace has none — the
 * copies shipped with the package. Roles are the request subjects: a token's role is asked directly, in
 * its tenant's domain. A workspace whose model has no domains (`r = sub, obj, act`, as before tenants)
 * keeps working: its rules hold for every tenant alike.
 *
 * Scopes are checked by the same enforcer: each family scope of `SCOPES` is a subject granted its
 * permissions in every domain; an integration scope is granted its family permissions on objects
 * `integrations/<name>/<object>` when first asked about (integration names are not known up front).
 */
export async function loadAccessControl(workspace: string): Promise<AccessControl> {
  const dir = existsSync(path.join(workspace, MODEL)) ? workspace : packageRoot();
  const conf = readFileSync(path.join(dir, MODEL), 'utf8');
  const csv = existsSync(path.join(dir, POLICY)) ? readFileSync(path.join(dir, POLICY), 'utf8') : '';
  const model = newModelFromString(conf);
  const fields = (sec: string) => fieldCount(model.model.get(sec)?.get(sec)?.value);
  const domains = fields('r') === 4;
  const rules = casbinRules(csv, { p: fields('p'), g: fields('g') });
  const enforcer = rules ? await newEnforcer(model, new StringAdapter(rules)) : await newEnforcer(model);
  // A role given in `*` (every rule written without a domain) holds in every tenant's domain.
  if (fields('g') === 3) await enforcer.addNamedDomainMatchingFunc('g', Util.keyMatchFunc);
  const subjects = (await enforcer.getAllSubjects()).filter((s) => s !== APPROVAL_REQUIRED && !s.startsWith(SCOPE_SUBJECT)).sort();

  const request = (sub: string, domain: string, p: Permission): string[] => (domains ? [sub, domain, p.object, p.action] : [sub, p.object, p.action]);
  const grantScope = (scope: string, object: (o: string) => string, grants: readonly Permission[]) => {
    for (const g of grants) enforcer.getModel().addPolicy('p', 'p', request(SCOPE_SUBJECT + scope, PLATFORM_DOMAIN, { object: object(g.object), action: g.action }));
  };
  for (const s of SCOPES) grantScope(s.scope, (o) => o, s.grants);
  const integrationScopes = new Set<string>();
  const integrationScope = (scope: string): boolean => {
    const m = INTEGRATION_SCOPE.exec(scope);
    if (!m) return false;
    if (!integrationScopes.has(scope)) {
      integrationScopes.add(scope);
      for (const s of SCOPES.filter((x) => x.access === m[2])) grantScope(scope, (o) => `integrations/${m[1]}/${o}`, s.grants);
    }
    return true;
  };

  return {
    source: path.join(dir, 'policies'),
    allows: (role, p, tenant) => enforcer.enforceSync(...request(role, tenant ?? PLATFORM_DOMAIN, p)),
    scopeAllows: (scopes, p, tenant, integration) =>
      scopes.some((scope) => {
        const domain = tenant ?? PLATFORM_DOMAIN;
        if (integrationScope(scope)) return integration !== null && enforcer.enforceSync(...request(SCOPE_SUBJECT + scope, domain, { object: `integrations/${integration}/${p.object}`, action: p.action }));
        return enforcer.enforceSync(...request(SCOPE_SUBJECT + scope, domain, p));
      }),
    roles: () => subjects,
    rolesOf: async (subject) => (await (domains ? enforcer.getImplicitRolesForUser(subject, PLATFORM_DOMAIN) : enforcer.getImplicitRolesForUser(subject))).sort(),
  };
}
