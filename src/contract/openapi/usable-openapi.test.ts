import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffContracts } from '../../compat/diff-contracts.js';
import { parseOpenApiText } from '../contract-text.js';
import { diffOpenApi } from '../../compat/openapi/diff-openapi.js';
import { loadUsableOpenApi } from './usable-openapi.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const corpus = path.resolve(root, '../shared/corpus/oasdiff-data');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return walk(p);
    return /\.(ya?ml|json)$/.test(name) ? [p] : [];
  });
}

const read = (file: string) => {
  try {
    return parseOpenApiText(file, readFileSync(file, 'utf8'));
  } catch {
    return { diagnostics: [] };
  }
};

const minimal = (extra: string) => `openapi: 3.0.3
info: { title: T }
paths:
  /a:
    get:
${extra}`;

describe('usable but schema-invalid descriptions', () => {
  it('every schema-invalid description of the oasdiff corpus is compared, with located openapi-invalid warnings', async () => {
    const invalid: string[] = [];
    for (const file of walk(corpus)) {
      const parsed = read(file);
      if (!parsed.doc) continue; // not YAML/JSON at all (fixture fragments)
      const text = readFileSync(file, 'utf8');
      const loaded = await loadUsableOpenApi(parsed.doc, { readRef: read, bytes: text.length });
      const warnings = loaded.diagnostics.filter((d) => d.code === 'openapi-invalid' && d.severity === 'warning');
      if (!warnings.length) continue;
      invalid.push(path.relative(corpus, file));
      expect(loaded.value, file).toBeDefined();
      for (const w of warnings) {
        expect(w.location?.file).toBe(file);
        expect(w.location?.line).toBeGreaterThanOrEqual(1);
      }
      // Usable: it diffs against itself with no changes.
      expect(diffOpenApi(loaded.value!, loaded.value!, { now: new Date('2026-01-01T00:00:00Z') })).toEqual([]);
    }
    console.info(`${invalid.length} schema-invalid but usable descriptions in the oasdiff corpus`);
    expect(invalid.length).toBeGreaterThan(20);
  });

  it.each([
    ['a response without description', "      responses:\n        '200': { content: { application/json: { schema: { type: string } } } }\n", '/paths/~1a/get/responses/200'],
    ['an operation without responses', '      operationId: a\n', '/paths/~1a/get'],
    ['required: []', "      responses:\n        '200':\n          description: ok\n          content: { application/json: { schema: { type: object, required: [] } } }\n", '/paths/~1a/get/responses/200/content/application~1json/schema/required'],
  ])('%s is a located warning, and the diff still runs', async (_name, extra, pointer) => {
    const text = minimal(extra);
    const r = await diffContracts({ file: 'base.yaml', text }, { file: 'head.yaml', text: text.replace('/a:', '/b:') }, { now: new Date('2026-01-01T00:00:00Z') });
    expect(r.value?.changes.map((c) => c.id)).toContain('api-path-removed-without-deprecation');
    const invalid = r.diagnostics.filter((d) => d.code === 'openapi-invalid');
    expect(invalid.every((d) => d.severity === 'warning')).toBe(true);
    expect(invalid.map((d) => d.location?.file)).toContain('head.yaml');
    expect(invalid.some((d) => d.data && (d.location?.pointer ?? '').length >= 0)).toBe(true);
    expect(invalid.map((d) => d.location?.pointer).some((p) => p !== undefined && (p === pointer || pointer.startsWith(p) || p.startsWith(pointer)))).toBe(true);
  });

  it.each([
    ['not an API description', 'title: hello\nitems: [1, 2]\n', 'openapi-version'],
    ['a path that is not a path', "openapi: 3.0.3\ninfo: { title: T, version: '1' }\npaths:\n  users: {}\n", 'openapi-invalid'],
    ['an unresolvable root reference', "openapi: 3.0.3\ninfo: { title: T, version: '1' }\npaths:\n  /a: { $ref: '#/nowhere' }\n", 'ref-unresolved'],
  ])('%s is refused with a located error', async (_name, text, code) => {
    const r = await diffContracts({ file: 'base.yaml', text }, { file: 'head.yaml', text }, { now: new Date('2026-01-01T00:00:00Z') });
    expect(r.value).toBeUndefined();
    const error = r.diagnostics.find((d) => d.severity === 'error');
    expect(error?.code).toBe(code);
    expect(error?.location?.line).toBeGreaterThanOrEqual(1);
  });
});
