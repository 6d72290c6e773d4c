import { describe, expect, it } from 'vitest';
import { sortDiagnostics, type Diagnostic } from '../../src/core/diagnostic.js';
import { parseDay } from '../../src/policy/dates.js';
import { EXAMPLE_NOW } from '../../src/policy/examples/base.js';
import { loadExample, overlay, type Overlay } from '../../src/policy/examples/load.js';
import type { MessageValue, Rule } from '../../src/policy/rule.js';
import { policyCode, runPolicies } from '../../src/policy/run.js';

export interface ValidCase {
  /** Shown in the test name. */
  name?: string;
  /** Files laid over the base workspace (`null` removes one). */
  files: Overlay;
  /** "Today" (default: the examples' date). */
  now?: string;
  author?: string;
}

export interface ExpectedFinding {
  messageId: string;
  /** Subset of the finding's data. */
  data?: Record<string, MessageValue>;
  file?: string;
  line?: number;
  column?: number;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
}

export interface RuleTests {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

/**
 * Problems with a rule's test table, so that a test asserting nothing cannot be written: an invalid case
 * that expects no finding, the same case twice, or a message id the rule does not define.
 */
export function tableProblems(rule: Rule, tests: RuleTests): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const all: ValidCase[] = [...tests.valid, ...tests.invalid];
  all.forEach((c) => {
    const key = JSON.stringify([Object.entries(c.files).sort(), c.now ?? null, c.author ?? null]);
    if (seen.has(key)) problems.push(`duplicate case${c.name ? ` '${c.name}'` : ''}`);
    seen.add(key);
  });
  tests.invalid.forEach((c, n) => {
    const label = c.name ?? `invalid #${n}`;
    if (!Array.isArray(c.errors) || c.errors.length === 0) problems.push(`${label}: an invalid case must expect at least one finding`);
    for (const e of c.errors ?? []) {
      if (!(e.messageId in rule.meta.messages)) problems.push(`${label}: unknown messageId '${e.messageId}' (rule '${rule.meta.id}' has ${Object.keys(rule.meta.messages).join(', ')})`);
    }
  });
  return problems;
}

/** Runs one rule over a case's workspace and returns its findings in output order. */
export async function findingsFor(rule: Rule, c: ValidCase): Promise<Diagnostic[]> {
  const { model, diagnostics, ok } = await loadExample(overlay(c.files));
  if (!ok) throw new Error(`The case's workspace does not validate:\n${diagnostics.map((d) => `${d.location?.file}:${d.location?.line} ${d.code} ${d.message}`).join('\n')}`);
  const now = parseDay(c.now ?? EXAMPLE_NOW);
  if (!now) throw new Error(`Bad date '${c.now}'`);
  const result = await runPolicies(model, { now, rules: [rule], ...(c.author ? { author: c.author } : {}) });
  return sortDiagnostics(result.diagnostics.filter((d) => d.code === policyCode(rule.meta.id)));
}

function describeFinding(d: Diagnostic): string {
  return `${d.location?.file}:${d.location?.line}:${d.location?.column} ${String(d.data?.messageId)} ${JSON.stringify(d.data)}`;
}

/** Table-driven tests of one rule, in the manner of ESLint's RuleTester. */
export function ruleTester(rule: Rule, tests: RuleTests): void {
  const problems = tableProblems(rule, tests);
  if (problems.length) throw new Error(`Rule tests for '${rule.meta.id}' are refused:\n${problems.join('\n')}`);
  describe(rule.meta.id, () => {
    tests.valid.forEach((c, n) => {
      it(`valid: ${c.name ?? `#${n}`}`, async () => {
        const found = await findingsFor(rule, c);
        expect(found.map(describeFinding)).toEqual([]);
      });
    });
    tests.invalid.forEach((c, n) => {
      it(`invalid: ${c.name ?? `#${n}`}`, async () => {
        const found = await findingsFor(rule, c);
        const shown = found.map(describeFinding).join('\n');
        expect(found.length, shown).toBe(c.errors.length);
        c.errors.forEach((e, k) => {
          const d = found[k];
          expect(d.data?.messageId, shown).toBe(e.messageId);
          if (e.data) expect(d.data, shown).toMatchObject(e.data);
          if (e.file !== undefined) expect(d.location?.file, shown).toBe(e.file);
          if (e.line !== undefined) expect(d.location?.line, shown).toBe(e.line);
          if (e.column !== undefined) expect(d.location?.column, shown).toBe(e.column);
        });
      });
    });
  });
}
