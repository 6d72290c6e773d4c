import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderCliReference, withCliReference } from './cli-reference.js';

const doc = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/cli.md');

describe('docs/cli.md', () => {
  it('holds the reference of every registered command and option (run `npm run docs` after changing the CLI)', async () => {
    const current = readFileSync(doc, 'utf8');
    expect(current).toBe(await withCliReference(current));
  });

  it('renders leaf commands with their options', async () => {
    const ref = await renderCliReference();
    expect(ref).toContain('### `interlock validate`');
    expect(ref).toContain('### `interlock runtime token create`');
    expect(ref).toContain('| `--revision <rev>` |');
  });
});
