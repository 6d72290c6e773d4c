import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generatedResourceTypes } from './gen-schema-types.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('resource types', () => {
  it('are generated from the current schemas (run `npm run gen:types` after editing schemas/)', () => {
    expect(readFileSync(path.join(root, 'src/core/resources.generated.ts'), 'utf8')).toBe(generatedResourceTypes(root));
  });
});
