/**
 * Every rule's findings link to its section of the generated reference docs: each rule id resolves to a page
 * that exists and an anchor on it (a heading or an `<a id>`), for policy rules, OpenAPI and GraphQL
 * compatibility rules, and the policy and compat codes no rule reports.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChangeType } from '@graphql-inspector/core';
import { describe, expect, it } from 'vitest';
import { graphqlChangeId } from '../src/compat/graphql/diff-graphql.js';
import { DATA_CHECKS } from '../src/compat/datacontract/diff-datacontract.js';
import { CHECKS } from '../src/compat/openapi/rules/index.js';
import { DOCS_BASE_URL, changeDocsUrl, ruleDocsPath, ruleDocsUrl } from '../src/core/rule-docs.js';
import type { Diagnostic } from '../src/core/diagnostic.js';
import { rules as policyRules } from '../src/policy/index.js';
import { buildDiffReport } from '../src/report/compat-diff/diff-report.js';
import { renderDiffJson } from '../src/report/compat-diff/diff-json.js';
import { renderDiffText } from '../src/report/compat-diff/diff-text.js';
import { renderDiagnosticsJson } from '../src/report/diagnostics-json.js';
import { renderDiagnosticsText } from '../src/report/diagnostics-text.js';
import { emptyGateReport } from '../src/engine/gate-report.js';
import { publishedGateReport } from '../src/report/gate-report.js';
import { renderSarif } from '../src/report/sarif.js';

const docs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-');
}

const cache = new Map<string, string[]>();

function anchors(page: string): string[] {
  const known = cache.get(page);
  if (known) return known;
  const text = readFileSync(path.join(docs, page), 'utf8');
  const headings = [...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1]));
  const ids = [...text.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]);
  cache.set(page, [...headings, ...ids]);
  return cache.get(page)!;
}

const codes = [
  ...policyRules.map((r) => `policy/${r.meta.id}`),
  'policy/access-model',
  'policy/unknown-rule',
  'policy/waiver-expired',
  ...[...CHECKS.keys()].map((id) => `compat/${id}`),
  ...Object.values(ChangeType).map((t) => `compat/${graphqlChangeId(t)}`),
  ...DATA_CHECKS.map((c) => `compat/${c.id}`),
  'compat/graphql-operation-invalid',
];

describe('rule documentation links', () => {
  it(`resolves each of the ${codes.length} rule ids to a generated page and anchor`, () => {
    for (const code of codes) {
      const target = ruleDocsPath(code);
      expect(target, code).toBeDefined();
      const [page, anchor] = target!.split('#');
      expect(existsSync(path.join(docs, page)), `${code}: ${page}`).toBe(true);
      if (anchor) expect(anchors(page), code).toContain(anchor);
      expect(ruleDocsUrl(code)).toBe(DOCS_BASE_URL + target);
    }
  });

  it('gives every compatibility rule id one anchor on docs/compat/rules.md', () => {
    const ids = anchors('compat/rules.md');
    const compat = codes.filter((c) => c.startsWith('compat/')).map((c) => c.slice('compat/'.length));
    for (const id of new Set(compat)) expect(ids.filter((a) => a === id), id).toHaveLength(1);
    expect(changeDocsUrl('request-parameter-removed')).toBe(`${DOCS_BASE_URL}compat/rules.md#request-parameter-removed`);
  });

  it('links nothing for findings that are not rules', () => {
    expect(ruleDocsUrl('schema')).toBeUndefined();
    expect(ruleDocsUrl('generate/stale')).toBeUndefined();
  });
});

describe('rule documentation in output', () => {
  const finding: Diagnostic = { severity: 'error', code: 'policy/risk-tier', message: 'tier too low', location: { file: 'integrations/acme/vendor.yaml', line: 3, column: 1 } };
  const plain: Diagnostic = { severity: 'error', code: 'schema', message: 'missing field', location: { file: 'x.yaml', line: 1, column: 1 } };
  const change = { id: 'request-parameter-removed', messageId: 'removed', level: 'breaking' as const, data: { in: 'query', parameter: 't' }, operation: { method: 'GET', path: '/t' }, head: { file: 'api.yaml', pointer: '/paths', line: 4 } };

  it('text prints the docs URL under a rule finding only', () => {
    const text = renderDiagnosticsText([finding, plain]);
    expect(text).toContain(`  docs: ${DOCS_BASE_URL}policy/risk-tier.md\n`);
    expect(text.match(/ docs: /g)).toHaveLength(1);
  });

  it('JSON carries docs on rule findings', () => {
    const parsed = JSON.parse(renderDiagnosticsJson([finding, plain])) as { diagnostics: { code: string; docs?: string }[] };
    expect(parsed.diagnostics.find((d) => d.code === 'policy/risk-tier')?.docs).toBe(`${DOCS_BASE_URL}policy/risk-tier.md`);
    expect(parsed.diagnostics.find((d) => d.code === 'schema')).not.toHaveProperty('docs');
  });

  it('SARIF rules carry helpUri, under --docs-url when given', () => {
    const report = { ...emptyGateReport(), diagnostics: [finding], contracts: [{ file: 'api.yaml', changes: [change] }] };
    const uris = (log: ReturnType<typeof renderSarif>) => Object.fromEntries(log.runs[0].tool.driver.rules.map((r) => [r.id, r.helpUri]));
    expect(uris(renderSarif(report, { toolVersion: '0' }))).toEqual({
      'policy/risk-tier': `${DOCS_BASE_URL}policy/risk-tier.md`,
      'request-parameter-removed': `${DOCS_BASE_URL}compat/rules.md#request-parameter-removed`,
    });
    expect(uris(renderSarif(report, { toolVersion: '0', docsUrl: 'https://docs.example/d/' }))['policy/risk-tier']).toBe('https://docs.example/d/policy/risk-tier.md');
  });

  it('check JSON and interlock diff carry docs on every change', () => {
    const gate = publishedGateReport({ ...emptyGateReport(), diagnostics: [finding], contracts: [{ file: 'api.yaml', changes: [change] }] });
    expect(gate.contracts[0].changes[0].docs).toBe(`${DOCS_BASE_URL}compat/rules.md#request-parameter-removed`);
    const diff = buildDiffReport({ file: 'a.yaml' }, { file: 'b.yaml' }, [change]);
    const json = JSON.parse(renderDiffJson(diff)) as { changes: { docs?: string }[] };
    expect(json.changes[0].docs).toBe(`${DOCS_BASE_URL}compat/rules.md#request-parameter-removed`);
    expect(renderDiffText(diff)).toContain(`    docs: ${DOCS_BASE_URL}compat/rules.md#request-parameter-removed\n`);
  });
});
