import { newEnforcer, newModelFromString, StringAdapter, Util, type Enforcer } from 'casbin';
import { casbinRules, fieldCount } from '../core/casbin-rules.js';
import type { Diagnostic, Result } from '../core/diagnostic.js';
import type { Workspace } from '../load/workspace.js';

export const ACCESS_MODEL_FILE = 'policies/access.conf';
export const ACCESS_POLICY_FILE = 'policies/access.csv';

/**
 * The workspace's Casbin model and policy, answered synchronously so rules stay plain functions:
 * roles are resolved up front for every login the rules will ask about.
 */
export interface AccessModel {
  /** Whether `subject` (a login or a role) may perform `action` on `object`. */
  can(subject: string, object: string, action: string): boolean;
  /** The roles a login holds, directly or through other roles. */
  rolesOf(login: string): string[];
}

/**
 * Builds the access model from the text of policies/access.conf and access.csv (never from disk).
 * Absent files give no model; malformed ones give a located `policy/access-model` diagnostic.
 */
export async function loadAccessModel(workspace: Workspace, logins: Iterable<string>): Promise<Result<AccessModel | undefined>> {
  const conf = workspace.files.get(ACCESS_MODEL_FILE)?.text;
  const csv = workspace.files.get(ACCESS_POLICY_FILE)?.text;
  if (conf === undefined && csv === undefined) return { value: undefined, diagnostics: [] };
  const problem = (file: string, message: string): Diagnostic => ({
    severity: 'error',
    code: 'policy/access-model',
    message,
    location: { file, line: 1, column: 1 },
  });
  if (conf === undefined) return { value: undefined, diagnostics: [problem(ACCESS_POLICY_FILE, `${ACCESS_POLICY_FILE} has no Casbin model beside it (${ACCESS_MODEL_FILE})`)] };
  let enforcer: Enforcer;
  // Onboarding approvals are not a tenant's: in a model with domains (tenants, for the runtime) they are asked in `*`.
  let domains = false;
  try {
    const model = newModelFromString(conf);
    const tokens = (sec: string) => fieldCount(model.model.get(sec)?.get(sec)?.value);
    domains = tokens('r') === 4;
    const policy = casbinRules(csv ?? '', { p: tokens('p'), g: tokens('g') });
    enforcer = policy ? await newEnforcer(model, new StringAdapter(policy)) : await newEnforcer(model);
    if (tokens('g') === 3) await enforcer.addNamedDomainMatchingFunc('g', Util.keyMatchFunc);
  } catch (error) {
    return { value: undefined, diagnostics: [problem(ACCESS_MODEL_FILE, `Cannot build the access model: ${(error as Error).message}`)] };
  }
  // GitHub logins are case-insensitive; Casbin names are not. Map each login to the spelling access.csv uses.
  const spelling = new Map<string, string>();
  for (const rule of await enforcer.getGroupingPolicy()) if (rule[0]) spelling.set(rule[0].toLowerCase(), rule[0]);
  const canonical = (name: string) => spelling.get(name.toLowerCase()) ?? name;
  const roles = new Map<string, string[]>();
  for (const login of new Set(logins)) {
    try {
      roles.set(login.toLowerCase(), (await (domains ? enforcer.getImplicitRolesForUser(canonical(login), '*') : enforcer.getImplicitRolesForUser(canonical(login)))).sort());
    } catch {
      roles.set(login.toLowerCase(), []);
    }
  }
  return {
    value: {
      can: (subject, object, action) => (domains ? enforcer.enforceSync(canonical(subject), '*', object, action) : enforcer.enforceSync(canonical(subject), object, action)),
      rolesOf: (login) => roles.get(login.toLowerCase()) ?? [],
    },
    diagnostics: [],
  };
}
