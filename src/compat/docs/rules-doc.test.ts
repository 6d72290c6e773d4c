import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderRulesDoc } from './rules-doc.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('docs/compat/rules.md', () => {
  it('matches the rule metadata (regenerate: npm run build && node dist/src/compat/docs/gen-rules-doc.js)', () => {
    expect(readFileSync(path.join(root, 'docs/compat/rules.md'), 'utf8')).toBe(renderRulesDoc());
  });
});
