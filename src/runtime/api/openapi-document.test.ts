import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { adminContractPath } from '../package-files.js';
import { adminOpenApiDocument } from './openapi-document.js';
import { compileBodyValidators } from './validation.js';

describe('the admin document and its body validators', () => {
  it('is the YAML contract, whichever copy it was read from', () => {
    expect(adminOpenApiDocument()).toEqual(parse(readFileSync(adminContractPath(), 'utf8')));
  });

  it('compiles a body validator on first use, once, and has none for an operation without a JSON body', () => {
    const doc = adminOpenApiDocument();
    const validators = compileBodyValidators(doc);
    const withBody = Object.values(doc.paths)
      .flatMap((item) => Object.values(item) as { operationId?: string; requestBody?: { content?: Record<string, unknown> } }[])
      .filter((op) => op.operationId && op.requestBody?.content?.['application/json']);
    expect(withBody.length).toBeGreaterThan(5);
    const first = validators.get(withBody[0].operationId!);
    expect(typeof first).toBe('function');
    expect(validators.get(withBody[0].operationId!)).toBe(first);
    expect(first!({ surely: 'not this shape' })).toBe(false);
    expect(validators.get('noSuchOperation')).toBeUndefined();
  });
});
