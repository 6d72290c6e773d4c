import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { Change, Level } from '../../compat/change.js';
import { diffContracts } from '../../compat/diff-contracts.js';
import { renderDiffGithubActions } from './diff-githubactions.js';
import { renderDiffJson } from './diff-json.js';
import { MARKDOWN_LIMIT, renderDiffMarkdown } from './diff-markdown.js';
import { buildDiffReport, groupChanges, titleLine } from './diff-report.js';
import { renderDiffText } from './diff-text.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The template and facts of each id these tests use. */
const WORDING: Record<string, Pick<Change, 'messageId' | 'data'>> = {
  'endpoint-added': { messageId: 'added', data: {} },
  'request-parameter-removed': { messageId: 'removed', data: { in: 'query', parameter: 'sort' } },
  'request-parameter-became-required': { messageId: 'required', data: { in: 'query', parameter: 'q' } },
  'response-required-property-removed': { messageId: 'removed', data: { propertyPath: 'title', status: '200' } },
  'response-property-type-changed': { messageId: 'breaks', data: { place: { prefix: 'response-property', property: 'n', status: '200' }, from: 'integer', to: 'string' } },
};

function change(id: string, level: Level, op?: string, extra: Partial<Change> = {}): Change {
  const [method, p] = op?.split(' ') ?? [];
  return { id, level, ...WORDING[id], ...(op ? { operation: { method, path: p } } : {}), head: { file: 'head.yaml', pointer: `/x/${id}`, line: 7 }, ...extra };
}

const base = { file: 'base.yaml', title: 'Tickets', version: '1.0' };
const head = { file: 'head.yaml', title: 'Tickets', version: '2.0' };
const shared = change('response-required-property-removed', 'breaking', 'GET /a', {
  data: { ...WORDING['response-required-property-removed'].data, schema: '#/components/schemas/T', operations: [{ method: 'GET', path: '/a' }, { method: 'GET', path: '/b' }, { method: 'POST', path: '/c' }] },
});
const changes = [change('endpoint-added', 'info', 'GET /z'), change('request-parameter-removed', 'warning', 'GET /a'), change('request-parameter-became-required', 'breaking', 'POST /m'), shared];

describe('diff report', () => {
  it('the title line names the API, both versions and the counts', () => {
    expect(titleLine(buildDiffReport(base, head, changes))).toBe('Tickets 1.0 → 2.0: 2 breaking, 1 warning, 1 info');
    expect(titleLine(buildDiffReport({ file: 'a.yaml', title: 'T', version: '1' }, { file: 'b.yaml', title: 'T', version: '1' }, []))).toBe('T (a.yaml → b.yaml): 0 breaking, 0 warnings, 0 info');
  });

  it('groups per operation, breaking groups first; a shared component change is one group with its reach', () => {
    const groups = groupChanges(changes);
    expect(groups.map((g) => [g.title, g.level, g.reaches, g.changes.map((c) => c.id)])).toEqual([
      ['Component #/components/schemas/T', 'breaking', 3, ['response-required-property-removed']],
      ['POST /m', 'breaking', 0, ['request-parameter-became-required']],
      ['GET /a', 'warning', 0, ['request-parameter-removed']],
      ['GET /z', 'info', 0, ['endpoint-added']],
    ]);
  });

  it('text starts with the title; --level hides lower levels but the counts stay', () => {
    const text = renderDiffText(buildDiffReport(base, head, changes, 'breaking'));
    const lines = text.split('\n');
    expect(lines[0]).toBe('Tickets 1.0 → 2.0: 2 breaking, 1 warning, 1 info');
    expect(text).toContain('Component #/components/schemas/T — reaches 3 operations');
    expect(text).toContain('  breaking request-parameter-became-required  head.yaml:7');
    expect(text).not.toContain('request-parameter-removed');
    expect(text).not.toContain('endpoint-added');
  });

  it('JSON is {formatVersion, base, head, summary, operations, changes} and valid against schemas/compat-diff.schema.json', () => {
    const schema = JSON.parse(readFileSync(path.join(root, 'schemas/compat-diff.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ strict: false }).compile(schema);
    const doc = JSON.parse(renderDiffJson(buildDiffReport(base, head, changes, 'warning'))) as Record<string, unknown>;
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.summary).toEqual({ breaking: 2, warning: 1, info: 1, total: 4, level: 'warning' });
    expect((doc.changes as { id: string }[]).map((c) => c.id).sort()).toEqual(['request-parameter-became-required', 'request-parameter-removed', 'response-required-property-removed']);
    const reached = (doc.changes as { id: string; reaches?: number[] }[]).find((c) => c.id === 'response-required-property-removed')?.reaches ?? [];
    // Each change: the rendered sentence (with the reason of a breaking id), its template id and facts.
    expect((doc.changes as Record<string, unknown>[]).find((c) => c.id === 'request-parameter-removed')).toMatchObject({
      messageId: 'removed',
      data: { in: 'query', parameter: 'sort' },
      message: 'query parameter `sort` was removed; clients that still send it will see it ignored or rejected. Deprecate the parameter with `x-sunset` first and remove it after that date; until then the server may ignore it.',
    });
    expect(reached.map((i) => (doc.operations as { method: string; path: string }[])[i])).toEqual([{ method: 'GET', path: '/a' }, { method: 'GET', path: '/b' }, { method: 'POST', path: '/c' }]);
  });

  it('JSON lists each reached operation once however many changes reach it, on one line', () => {
    const second = change('response-property-type-changed', 'breaking', 'GET /a', { data: { ...WORDING['response-property-type-changed'].data, schema: '#/components/schemas/U', operations: [{ method: 'POST', path: '/c', operationId: 'postC' }, { method: 'GET', path: '/a' }] } });
    const text = renderDiffJson(buildDiffReport(base, head, [...changes, second]));
    const doc = JSON.parse(text) as { operations: unknown[]; changes: { id: string; reaches?: number[] }[] };
    expect(doc.operations).toEqual([{ method: 'GET', path: '/a' }, { method: 'GET', path: '/b' }, { method: 'POST', path: '/c' }]);
    expect(doc.changes.find((c) => c.id === 'response-property-type-changed')?.reaches).toEqual([2, 0]);
    expect(text.split('\n')).toEqual([JSON.stringify(doc), '']);
    expect(JSON.parse(renderDiffJson(buildDiffReport(base, head, [])))).toMatchObject({ operations: [], changes: [] });
  });

  it('githubactions: one workflow command per change, with file, line and escaped text', () => {
    // A GraphQL change: GraphQL Inspector's sentence from its meta, quoting a description as it is written.
    const data = { typeName: 'T', oldTypeDescription: '50% of clients\nbreak', newTypeDescription: 'x' };
    const c = change('type-description-changed', 'breaking', 'POST /m', { messageId: 'change', data, head: { file: 'dir,x/head.yaml', pointer: '/p', line: 12 } });
    const out = renderDiffGithubActions(buildDiffReport(base, head, [c, change('endpoint-added', 'info')])).split('\n');
    expect(out[0]).toBe('Tickets 1.0 → 2.0: 1 breaking, 0 warnings, 1 info');
    expect(out[1]).toBe("::error file=dir%2Cx/head.yaml,line=12,title=type-description-changed (POST /m)::Description '50%25 of clients%0Abreak' on type 'T' has changed to 'x'.");
    expect(out[2]).toMatch(/^::notice file=head\.yaml,line=7,title=endpoint-added::/);
  });

  it('Markdown folds info into <details> and, over the limit, keeps every breaking change and says what it left out', () => {
    const many: Change[] = [];
    for (let i = 0; i < 150; i++) many.push(change('response-required-property-removed', 'breaking', `GET /b${i}`, { data: { propertyPath: 'x'.repeat(200), status: '200' } }));
    for (let i = 0; i < 2000; i++) many.push(change('endpoint-added', 'info', `GET /i${i}${'y'.repeat(200)}`));
    const md = renderDiffMarkdown(buildDiffReport(base, head, many), { fullReport: 'interlock diff a b --format json' });
    expect(md.length).toBeLessThan(MARKDOWN_LIMIT);
    for (let i = 0; i < 150; i++) expect(md).toContain(`**\`GET /b${i}\`**`);
    expect(md).toContain('<details><summary>Info (2000)</summary>');
    const shownInfo = (md.match(/^- \[`endpoint-added`\]\[endpoint-added\]/gm) ?? []).length;
    expect(shownInfo).toBeGreaterThan(0);
    expect(md).toContain(`_${2000 - shownInfo} changes not shown`);
    expect(md).toContain('`interlock diff a b --format json`');
    // Each rule id links to its docs through one reference definition.
    expect(md.match(/^\[endpoint-added\]: .+rules\.md#endpoint-added$/gm)).toHaveLength(1);
  });

  it('GitHub REST 2021-06 → 2021-09 in Markdown is under 65,536 characters with every breaking change', async () => {
    const corpus = path.resolve(root, '../shared/corpus/openapi/github-rest');
    const read = (f: string) => ({ file: f, text: readFileSync(path.join(corpus, f), 'utf8') });
    const r = await diffContracts(read('2021-06-11-34132d0d.json'), read('2021-09-30-f5a1dd3d.json'), { now: new Date('2026-11-01') });
    const report = buildDiffReport(r.value!.base, r.value!.head, r.value!.changes);
    const md = renderDiffMarkdown(report);
    expect(md.length).toBeLessThan(MARKDOWN_LIMIT);
    const breaking = report.changes.filter((c) => c.level === 'breaking');
    expect(breaking.length).toBeGreaterThan(100);
    for (const c of breaking) expect(md).toContain(`[\`${c.id}\`][${c.id}] `);
    const section = md.slice(md.indexOf('#### Breaking'), md.indexOf('#### Warnings'));
    expect(section.split('\n').filter((l) => l.startsWith('- ')).length).toBe(breaking.length);
    // Each breaking change's own line (id + location) is present.
    for (const c of breaking) expect(md).toContain(`(\`${(c.head ?? c.base)!.file}:${(c.head ?? c.base)!.line}\`)`);
    // The text report starts with the counts.
    const { breaking: b, warning: w, info: i } = report.summary;
    expect(renderDiffText(report).split('\n')[0]).toMatch(new RegExp(`^GitHub.*: ${b} breaking, ${w} warnings?, ${i} info$`));
    expect(b).toBe(breaking.length);
  }, 60_000);
});
