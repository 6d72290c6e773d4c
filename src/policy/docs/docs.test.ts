import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { renderPolicyDocs } from './render.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const docsDir = path.join(root, 'docs/policy');
const rulesDir = path.join(here, '../rules');

describe('policy rules are fully wired', () => {
  it('docs/policy/ is what the rules generate (run `npm run build && node dist/src/policy/docs/gen-docs.js`)', async () => {
    const pages = await renderPolicyDocs(rules);
    expect(readdirSync(docsDir).sort()).toEqual([...pages.keys()].sort());
    for (const [file, text] of pages) expect(readFileSync(path.join(docsDir, file), 'utf8'), file).toBe(text);
  });

  it('the registry is sorted, and lists every rule file, whose name is its id', () => {
    const ids = rules.map((r) => r.meta.id);
    expect(ids).toEqual([...ids].sort());
    const files = readdirSync(rulesDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts');
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual(ids);
  });

  it('every rule has its table-driven test', () => {
    for (const r of rules) expect(existsSync(path.join(rulesDir, `${r.meta.id}.test.ts`)), r.meta.id).toBe(true);
  });

  it('every rule has an end-to-end case', () => {
    for (const r of rules) expect(existsSync(path.join(root, 'test/e2e', `policy-${r.meta.id}`, 'case.json')), r.meta.id).toBe(true);
  });
});
