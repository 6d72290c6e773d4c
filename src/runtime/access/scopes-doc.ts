import { SCOPES } from './scopes.js';

const escape = (text: string) => text.replace(/\|/g, '\\|');

/** docs/runtime/scopes.md, rendered from `SCOPES` (regenerate: `npm run docs`). */
export function renderScopesDoc(): string {
  const rows = SCOPES.map((s) => `| \`${s.scope}\` | ${s.access} | ${escape(s.summary)} | ${s.grants.map((g) => `\`${g.object} ${g.action}\``).join(', ')} |`);
  return `<!-- Generated from src/runtime/access/scopes.ts by \`npm run docs\`; do not edit. -->
# Token scopes

A token may be narrowed to scopes (\`interlock runtime token create --scope …\`, \`scopes\` in \`POST /v1/tokens\`).
A scoped token may call an admin operation only when **both** its role allows it (policies/access.csv, in
the token's tenant) **and** one of its scopes covers it; a token without scopes is limited by its role
alone. A refusal is \`403 insufficient-scope\` with \`requiredScopes\` (any one of them would do).

Each operation declares a Casbin object and action; the scope covering that permission is the operation's
family scope:

| Scope | Access | Allows | Casbin permissions |
|---|---|---|---|
${rows.join('\n')}

## Integration scopes

\`integrations:<name>:read\` and \`integrations:<name>:write\` cover the read (or write) operations above
for one integration, on the operations that name an integration (a path or query parameter
\`integration\` in the admin contract): the delivery log and statistics, the action call log, export runs,
canary routing and running an export. A listing without \`?integration=<name>\` is not covered — it would
show every integration. Write does not include read.
`;
}
