/**
 * Where each rule is documented: the generated reference pages under docs/ (docs/policy/<rule>.md, one
 * anchor per id in docs/compat/rules.md). Derived from the finding's code, so a rule cannot lack a link;
 * a test resolves every rule id to an existing page and anchor.
 */

/** The docs folder of the published repository. */
export const DOCS_BASE_URL = 'https://github.com/northwind/interlock/blob/main/docs/';

/** Policy findings that no rule reports: the section of the policy index that explains them. */
const POLICY_SECTIONS: Record<string, string> = {
  'access-model': 'policy/README.md#policies',
  'unknown-rule': 'policy/README.md#severities',
  'waiver-expired': 'policy/README.md#waivers',
};

/** `policy/risk-tier` → `policy/risk-tier.md`, `compat/request-body-added` → `compat/rules.md#request-body-added`. */
export function ruleDocsPath(code: string): string | undefined {
  const slash = code.indexOf('/');
  if (slash === -1) return undefined;
  const family = code.slice(0, slash);
  const id = code.slice(slash + 1);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) return undefined;
  if (family === 'policy') return POLICY_SECTIONS[id] ?? `policy/${id}.md`;
  if (family === 'compat') return `compat/rules.md#${id}`;
  return undefined;
}

/** The absolute URL of a finding's rule documentation, for text, JSON and SARIF output. */
export function ruleDocsUrl(code: string): string | undefined {
  const page = ruleDocsPath(code);
  return page ? DOCS_BASE_URL + page : undefined;
}

/** The same for a compatibility change, whose id carries no `compat/` prefix. */
export function changeDocsUrl(id: string): string | undefined {
  return ruleDocsUrl(`compat/${id}`);
}
