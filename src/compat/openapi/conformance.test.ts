import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseOpenApiText } from '../../contract/contract-text.js';
import { diffOpenApi } from './diff-openapi.js';
import { loadOpenApi } from '../../contract/openapi/load-openapi.js';

/**
 * Conformance with oasdiff's own fixture suite (../shared/corpus/oasdiff-cases.json): per base/head
 * pair, our "breaking" verdict must match oasdiff's on at least FLOOR of the pairs. A pair is
 * breaking when any of its cases says so. Deliberate disagreements are listed in
 * docs/compat/differences.md (and in EXPECTED_DISAGREEMENTS below, so a new one fails the test).
 *
 * Two figures: against the corpus labels as given (RAW_FLOOR, so nothing regresses), and with
 * LABEL_ERRATA applied (FLOOR): labels that contradict the oasdiff test they were extracted from.
 */
const FLOOR = 0.98;
const RAW_FLOOR = 0.974;

/**
 * Case ids whose `breaking` label contradicts what the oasdiff test asserts. Only all-checks cases
 * qualify (a single-check case speaks for one check, and stays as labelled), and each entry cites the
 * assertion. The four attribute tests (checker/attributes_test.go) run every check through
 * `CheckBackwardCompatibility`, which returns changes at WARN and ERR only, and require two of them:
 * the pair turns response 200 into 201 on two operations, and `response-success-status-removed` is ERR
 * in oasdiff's rule table, so oasdiff calls both directions breaking.
 */
const LABEL_ERRATA: Record<string, boolean> = {
  'oasdiff-TestBreaking_Attributes': true,
  'oasdiff-TestBreaking_AttributesNone': true,
  'oasdiff-TestBreaking_AttributesTwo': true,
  'oasdiff-TestBreaking_AttributesReverse': true,
};
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const container = path.resolve(root, '..');
const casesFile = path.join(container, 'shared/corpus/oasdiff-cases.json');

interface OasdiffCase {
  id: string;
  scope: string;
  base: string;
  head: string;
  breaking: boolean;
}

const EXPECTED_DISAGREEMENTS = new Set([
  'deprecation/deprecated-future.yaml -> deprecation/deprecated-future-2.yaml',
  'checker/common_request_parameter_max_items_updated_revision.yaml -> checker/common_request_parameter_max_items_updated_base.yaml',
  'checker/request_body_default_value_changed_base.yaml -> checker/request_body_default_value_changed_revision.yaml',
  'deprecation/base.yaml -> deprecation/deprecated-future-beta-stability.yaml',
]);

function load(file: string) {
  const read = (f: string) => parseOpenApiText(f, readFileSync(f, 'utf8'));
  const parsed = read(file);
  if (!parsed.doc) throw new Error(`${file}: ${JSON.stringify(parsed.diagnostics)}`);
  const spec = loadOpenApi(parsed.doc, (f) => {
    try {
      return read(f);
    } catch {
      return { diagnostics: [] };
    }
  });
  if (!spec.value) throw new Error(`${file}: ${JSON.stringify(spec.diagnostics)}`);
  return spec.value;
}

describe('oasdiff conformance', () => {
  it(`agrees with oasdiff's breaking verdict on at least ${(FLOOR * 100).toFixed(1)}% of the fixture pairs`, () => {
    const cases = JSON.parse(readFileSync(casesFile, 'utf8')) as OasdiffCase[];
    const pairs = new Map<string, { base: string; head: string; breaking: boolean; raw: boolean }>();
    for (const c of cases) {
      const key = `${c.base}|${c.head}`;
      const pair = pairs.get(key) ?? { base: c.base, head: c.head, breaking: false, raw: false };
      const corrected = c.scope === 'all-checks' ? LABEL_ERRATA[c.id] : undefined;
      pair.breaking ||= corrected ?? c.breaking;
      pair.raw ||= c.breaking;
      pairs.set(key, pair);
    }
    const disagreements: string[] = [];
    let rawDisagreements = 0;
    for (const pair of pairs.values()) {
      const changes = diffOpenApi(load(path.join(container, pair.base)), load(path.join(container, pair.head)), { now: new Date('2026-08-08T00:00:00Z') });
      const ours = changes.some((c) => c.level === 'breaking');
      if (ours !== pair.raw) rawDisagreements++;
      if (ours !== pair.breaking) disagreements.push(`${pair.base.replace('shared/corpus/oasdiff-data/', '')} -> ${pair.head.replace('shared/corpus/oasdiff-data/', '')}`);
    }
    const agreement = (pairs.size - disagreements.length) / pairs.size;
    const raw = (pairs.size - rawDisagreements) / pairs.size;
    console.log(`oasdiff conformance: ${pairs.size - disagreements.length}/${pairs.size} pairs (${(agreement * 100).toFixed(1)}%); against the uncorrected labels ${pairs.size - rawDisagreements}/${pairs.size} (${(raw * 100).toFixed(1)}%)`);
    expect(pairs.size).toBe(237);
    expect(disagreements.filter((d) => !EXPECTED_DISAGREEMENTS.has(d))).toEqual([]);
    expect(agreement).toBeGreaterThanOrEqual(FLOOR);
    expect(raw).toBeGreaterThanOrEqual(RAW_FLOOR);
  });
});
