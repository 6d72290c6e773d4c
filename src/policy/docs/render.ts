import { sortDiagnostics } from '../../core/diagnostic.js';
import { parseDay } from '../dates.js';
import { BASE_WORKSPACE, EXAMPLE_NOW } from '../examples/base.js';
import { loadExample, overlay } from '../examples/load.js';
import type { ExampleFiles, Rule } from '../rule.js';
import { policyCode, runPolicies } from '../run.js';

/**
 * The doc pages under docs/policy/, rendered from the rules' own metadata so they cannot drift from the code.
 * Each failing example is run, and what it reports is part of the page.
 */
export async function renderPolicyDocs(rules: readonly Rule[]): Promise<Map<string, string>> {
  const pages = new Map<string, string>();
  pages.set('README.md', renderIndex(rules));
  for (const rule of rules) pages.set(`${rule.meta.id}.md`, renderRule(rule, await findings(rule)));
  return pages;
}

async function findings(rule: Rule): Promise<string[]> {
  const { model } = await loadExample(overlay(rule.meta.docs.failing));
  const result = await runPolicies(model, { now: parseDay(EXAMPLE_NOW)!, rules: [rule] });
  return sortDiagnostics(result.diagnostics.filter((d) => d.code === policyCode(rule.meta.id))).map(
    (d) => `${d.location?.file}:${d.location?.line}:${d.location?.column}: ${d.severity} ${d.code} (${String(d.data?.messageId)}): ${d.message}`,
  );
}

const GENERATED = '<!-- Generated from src/policy/rules/*.ts by `node dist/src/policy/docs/gen-docs.js`; do not edit. -->';

function fence(path: string, text: string): string {
  const lang = path.endsWith('.yaml') || path.endsWith('.yml') ? 'yaml' : path.endsWith('.graphql') ? 'graphql' : '';
  return `\`${path}\`\n\n\`\`\`${lang}\n${text.replace(/\n$/, '')}\n\`\`\`\n`;
}

function files(example: ExampleFiles): string {
  return Object.entries(example)
    .map(([path, text]) => fence(path, text))
    .join('\n');
}

function renderRule(rule: Rule, reported: string[]): string {
  const m = rule.meta;
  const messages = Object.entries(m.messages)
    .map(([id, text]) => `| \`${id}\` | ${text.replace(/\|/g, '\\|')} |`)
    .join('\n');
  return `${GENERATED}
# ${m.id}

${m.description}

Default severity: **${m.defaultSeverity}**. Findings carry the code \`policy/${m.id}\`, a location in the manifest, and
\`data\` with the message id and the values below.

## What it checks

${m.docs.details}

## Messages

| message id | text |
|---|---|
${messages}

## Failing example

Laid over the [base workspace](README.md#the-base-workspace) (evaluated on ${EXAMPLE_NOW}):

${files(m.docs.failing)}
reports:

\`\`\`
${reported.join('\n')}
\`\`\`

## Passing example

${files(m.docs.passing)}
## Configuring

\`\`\`yaml
apiVersion: interlock.dev/v1
kind: Ruleset
metadata: { name: governance }
spec:
  rules:
    ${m.id}: ${m.defaultSeverity === 'error' ? 'warning' : 'error'}   # off | info | warning | error
\`\`\`

A [waiver](README.md#waivers) excuses one resource for a while.
`;
}

function renderIndex(rules: readonly Rule[]): string {
  const rows = rules.map((r) => `| [\`${r.meta.id}\`](${r.meta.id}.md) | ${r.meta.description} | ${r.meta.defaultSeverity} |`).join('\n');
  return `${GENERATED}
# Governance policy rules

\`interlock policy\` (and \`interlock check\`) validates the workspace, then runs these rules. Each finding is a
located diagnostic with the code \`policy/<rule>\`; errors fail the run (exit 1).

| rule | requires | default |
|---|---|---|
${rows}

Dates (expiries, waivers, attestation coverage) are compared with \`--now DATE\`, today by default; \`--author LOGIN\`
names the change's author for the approvals rule.

## Policies

Rules read the workspace's policies in \`policies/\`; a kind the workspace does not define falls back to built-in
defaults:

- **RiskPolicy**: \`scoring\` (points per criterion, merged over the defaults: sensitivity public 0 / internal 1 /
  confidential 3 / restricted 5; access read 0 / write 1 / admin 3 / bulk-export 3; criticality low 0 / medium 1 /
  high 2 / critical 3; cross-border 1), \`thresholds\` (default medium 2, high 5, critical 8), \`gates\` per tier,
  \`breachNotificationMaxHours\` (72), \`noticeDays\` (60).
- **RetentionPolicy**: \`maxDays\` by sensitivity (default 3650 / 1095 / 730 / 365), \`personalDataRequiresRetention\`
  (true), \`erasure\` (\`required\` true, \`maxTokenizationDays\` 30, \`maxDays\`).
- **ResidencyPolicy**: \`rules\` (default: EU and UK subjects stay in the EU or UK; SCC or UK IDTA allow transfers).
- **TransportPolicy**: \`requireHttps\` (true), \`minTlsVersion\` (1.2), \`mtls\` selectors.
- **access.conf / access.csv**: the Casbin model and policy deciding who may approve which tier.

## Severities

A \`Ruleset\` sets each rule's severity (\`off\`, \`info\`, \`warning\`, \`error\`); a rule id it does not know is an
error (\`policy/unknown-rule\`).

## Waivers

\`\`\`yaml
apiVersion: interlock.dev/v1
kind: Waiver
metadata: { name: legacy-relay-tls }
spec:
  rule: transport
  resource: Integration/legacy-relay
  reason: The relay moves to TLS 1.3 with the Q3 datacentre exit.
  approver: jonas-berg
  expires: 2026-09-30
\`\`\`

While it is in force, a finding of \`rule\` on \`resource\` is reported as info naming the waiver (\`data.waivedBy\`).
From the day \`expires\` names, the waiver stops waiving and is itself a warning (\`policy/waiver-expired\`); the
\`expiry-warning\` rule flags it during the notice period before. A waiver of \`onboarding-gate\` for a vendor also
covers that vendor's integrations.

## The base workspace

Examples on the rule pages show only the files that matter; they are laid over this workspace, which passes every
rule, and the test suite runs each of them.

${Object.entries(BASE_WORKSPACE)
  .map(([path, text]) => fence(path, text))
  .join('\n')}`;
}
