import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseOpenApiText } from '../contract/contract-text.js';
import { loadOpenApi } from '../contract/openapi/load-openapi.js';
import { diffOpenApi } from '../compat/openapi/diff-openapi.js';
import { CHECKS } from '../compat/openapi/rules/index.js';
import { DATA_CHECKS } from '../compat/datacontract/diff-datacontract.js';
import { changeMessage, messageProblems } from './compat-change-message.js';
import { placeholdersOf } from './compat-template.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const container = path.resolve(root, '..');

/** Names a template may use besides its data keys: derived from the change by the renderer. */
const DERIVED = new Set(['what', 'What', 'endpoint']);

function load(file: string) {
  const read = (f: string) => parseOpenApiText(f, readFileSync(f, 'utf8'));
  const parsed = read(file);
  if (!parsed.doc) throw new Error(file);
  const spec = loadOpenApi(parsed.doc, (f) => {
    try {
      return read(f);
    } catch {
      return { diagnostics: [] };
    }
  });
  if (!spec.value) throw new Error(file);
  return spec.value;
}

describe('compat message templates', () => {
  it('every id has at least one template, and no template is prose with advice (that is the reason)', () => {
    for (const c of [...CHECKS.values(), ...DATA_CHECKS]) {
      expect(Object.keys(c.messages).length, c.id).toBeGreaterThan(0);
      for (const [messageId, template] of Object.entries(c.messages)) {
        expect(template, `${c.id}/${messageId}`).toMatch(/[.)]$/);
        expect(template, `${c.id}/${messageId}`).not.toMatch(/announce a new major version|Keep it|instead\./i);
      }
    }
  });

  it('renders every change of the oasdiff fixture pairs with every placeholder filled', () => {
    const cases = JSON.parse(readFileSync(path.join(container, 'shared/corpus/oasdiff-cases.json'), 'utf8')) as { base: string; head: string }[];
    const pairs = new Map(cases.map((c) => [`${c.base}|${c.head}`, c]));
    const problems = new Set<string>();
    const used = new Set<string>();
    for (const pair of pairs.values()) {
      for (const change of diffOpenApi(load(path.join(container, pair.base)), load(path.join(container, pair.head)), { now: new Date('2026-08-08T00:00:00Z') })) {
        used.add(`${change.id}/${change.messageId}`);
        for (const p of messageProblems(change)) problems.add(p);
        // The facts are plain JSON: what `--format json` publishes reads back the same.
        const { operations: _reached, ...facts } = change.data ?? {};
        expect(JSON.parse(JSON.stringify(facts)), change.id).toEqual(Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)));
        expect(changeMessage(change)).not.toMatch(/\bundefined\b|\[object Object\]/);
      }
    }
    expect([...problems]).toEqual([]);
    // The corpus exercises a good share of the templates; the rest are covered by the rule tests.
    expect(used.size).toBeGreaterThan(100);
  }, 120_000);

  it('names in templates are data keys the rules set or derived names', () => {
    // A template typo ({vaules}) is caught here even for an id no fixture reaches.
    const known = new Set([...DERIVED, 'values', 'from', 'to', 'name', 'mediaType', 'status', 'propertyPath', 'parameter', 'in', 'header', 'scheme', 'scopes', 'sunset', 'stability', 'value', 'levels', 'property', 'description', 'advice', 'fromStyle', 'fromExplode', 'toStyle', 'toExplode']);
    for (const c of [...CHECKS.values(), ...DATA_CHECKS]) {
      for (const [messageId, template] of Object.entries(c.messages)) {
        for (const name of placeholdersOf(template)) expect(known.has(name), `${c.id}/${messageId}: {${name}}`).toBe(true);
      }
    }
  });
});
