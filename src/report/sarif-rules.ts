/**
 * Rule documentation for SARIF `tool.driver.rules`, from the rule catalogues: compat's check metadata and
 * the policy rules' meta. Validation codes have no catalogue and get the generic text.
 */
import { CHECKS } from '../compat/openapi/rules/index.js';
import { rules as policyRules } from '../policy/index.js';
import type { RuleHelp } from './sarif.js';

const ANNOUNCE =
  "A breaking change passes only when announced: bump the contract's major version and list the change in its announcements, or deprecate the element with a sunset date first.";

export function describeRuleFromCatalogues(id: string, source: 'diagnostic' | 'compat'): RuleHelp | undefined {
  if (source === 'compat') {
    const check = CHECKS.get(id);
    if (!check) return undefined;
    return {
      shortDescription: check.description,
      help: `${check.description}\n\nExample:\n${check.example}\n\n${ANNOUNCE} Documentation: docs/compat/rules.md`,
      helpMarkdown: `${check.description}\n\n\`\`\`\n${check.example}\n\`\`\`\n\n${ANNOUNCE} See \`docs/compat/rules.md\`.`,
    };
  }
  if (id.startsWith('policy/')) {
    const rule = policyRules.find((r) => r.meta.id === id.slice('policy/'.length));
    if (!rule) return undefined;
    return {
      shortDescription: rule.meta.description,
      fullDescription: rule.meta.docs.details,
      help: `${rule.meta.description}\n\n${rule.meta.docs.details}\n\nDocumentation: docs/policy/${rule.meta.id}.md`,
    };
  }
  return undefined;
}
