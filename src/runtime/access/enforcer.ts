import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { newEnforcer, newModelFromString, StringAdapter } from 'casbin';
import { packageRoot } from '../package-files.js';

/** What each admin operation needs: a Casbin object and action, as in policies/access.csv. */
export interface Permission {
  object: string;
  action: string;
}

export interface AccessControl {
  /** Where the model and policy were read from. */
  readonly source: string;
  allows(role: string, permission: Permission): boolean;
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

const MODEL = path.join('policies', 'access.conf');
const POLICY = path.join('policies', 'access.csv');

/**
 * Loads policies/access.conf and access.csv from the workspace, or — when the workspace has none — the
 * copies shipped with the package. Roles are the request subjects: a token's role is asked directly.
 */
export async function loadAccessControl(workspace: string): Promise<AccessControl> {
  const dir = existsSync(path.join(workspace, MODEL)) ? workspace : packageRoot();
  const conf = readFileSync(path.join(dir, MODEL), 'utf8');
  const csv = existsSync(path.join(dir, POLICY)) ? readFileSync(path.join(dir, POLICY), 'utf8') : '';
  // The string adapter takes one CSV rule per line; comments and blank lines are not rules.
  const rules = csv
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .join('\n');
  const model = newModelFromString(conf);
  const enforcer = rules ? await newEnforcer(model, new StringAdapter(rules)) : await newEnforcer(model);
  const subjects = (await enforcer.getAllSubjects()).filter((s) => s !== APPROVAL_REQUIRED).sort();
  return {
    source: path.join(dir, 'policies'),
    allows: (role, p) => enforcer.enforceSync(role, p.object, p.action),
    roles: () => subjects,
    rolesOf: async (subject) => (await enforcer.getImplicitRolesForUser(subject)).sort(),
  };
}
