import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/compat/change.js';
import type { ChangeExample } from '../../src/compat/docs/rule-examples.js';
import { diffOpenApi } from '../../src/compat/openapi/diff-openapi.js';
import { loadOpenApi } from '../../src/contract/openapi/load-openapi.js';
import { CHECKS } from '../../src/compat/openapi/rules/index.js';
import type { ParsedDocument } from '../../src/core/document.js';
import { changeMessage, messageProblems } from '../../src/report/compat-change-message.js';

/**
 * Table-driven tests of compat rules, in the manner of the policy rule tester: each case is a base
 * document with one value put at a pointer in the base and another in the head; the diff must report
 * exactly the expected changes (id, level, message id, data subset, pointer), in report order, and each
 * change's message must render from its template with every placeholder filled.
 */

/** Problems with a table, so that a case asserting nothing cannot be written. */
export function changeTableProblems(cases: ChangeExample[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const c of cases) {
    const key = JSON.stringify([c.at, c.before ?? null, c.after ?? null, c.more ?? null, c.now ?? null]);
    if (seen.has(key)) problems.push(`duplicate case '${c.title}'`);
    seen.add(key);
    if (!Array.isArray(c.expect) || c.expect.length === 0) problems.push(`'${c.title}': a case must expect at least one change (an unchanged level is an info change to expect)`);
    for (const e of c.expect ?? []) {
      const meta = CHECKS.get(e.id);
      if (!meta) problems.push(`'${c.title}': unknown rule id '${e.id}'`);
      else if (meta.messages[e.messageId] === undefined) problems.push(`'${c.title}': unknown messageId '${e.messageId}' of '${e.id}'`);
    }
  }
  return problems;
}

/** The base and head documents of a case. */
export function caseDocuments(c: ChangeExample, base: Record<string, unknown>): { base: unknown; head: unknown } {
  const b = structuredClone(base);
  const h = structuredClone(base);
  for (const edit of [c, ...(c.more ?? [])]) {
    if ('before' in edit) put(b, edit.at, edit.before);
    put(h, edit.at, edit.after);
  }
  return { base: b, head: h };
}

/** Every change the diff reports for a case. */
export function changesFor(c: ChangeExample, base: Record<string, unknown>): Change[] {
  const docs = caseDocuments(c, base);
  const load = (file: string, value: unknown) => {
    const doc: ParsedDocument = { file, index: 0, value, locate: () => ({ line: 1, column: 1 }) };
    const r = loadOpenApi(doc);
    if (!r.value) throw new Error(`${c.title}: the ${file} document does not load: ${JSON.stringify(r.diagnostics)}`);
    return r.value;
  };
  return diffOpenApi(load('base.yaml', docs.base), load('head.yaml', docs.head), { now: new Date(c.now ?? '2026-11-01') });
}

const describeChange = (c: Change) => `${c.level} ${c.id}/${c.messageId} ${c.head?.pointer ?? c.base?.pointer ?? ''} ${JSON.stringify(c.data ?? {})}\n  ${changeMessage(c)}`;

/** Registers one test per case; refuses the whole table when it has problems. */
export function changeTester(title: string, cases: ChangeExample[], base: Record<string, unknown>): void {
  const problems = changeTableProblems(cases);
  if (problems.length) throw new Error(`Change tests '${title}' are refused:\n${problems.join('\n')}`);
  describe(title, () => {
    for (const c of cases) {
      it(c.title, () => {
        const found = changesFor(c, base);
        const shown = found.map(describeChange).join('\n');
        expect(found.length, shown).toBe(c.expect.length);
        c.expect.forEach((e, k) => {
          expect(found[k].id, shown).toBe(e.id);
          expect(found[k].level, shown).toBe(e.level);
          expect(found[k].messageId, shown).toBe(e.messageId);
          expect(messageProblems(found[k]), shown).toEqual([]);
          if (e.data) expect(found[k].data, shown).toMatchObject(e.data);
          if (e.pointer !== undefined) expect(found[k].head?.pointer ?? found[k].base?.pointer, shown).toBe(e.pointer);
        });
      });
    }
  });
}

function put(root: unknown, pointer: string, value: unknown): void {
  const segments = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = root as Record<string, unknown>;
  for (const s of segments.slice(0, -1)) {
    if (typeof node[s] !== 'object' || node[s] === null) node[s] = {};
    node = node[s] as Record<string, unknown>;
  }
  const last = segments[segments.length - 1];
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = structuredClone(value);
}
