import { describe, expect, it } from 'vitest';
import { RUNTIME_KINDS } from '../../src/core/kinds.js';
import { assertValidSpec } from '../../src/runtime/api/resource-schemas.js';
import { createChange, validSpec } from './resource-specs.js';

describe('minimal valid specs for tests', () => {
  it.each(RUNTIME_KINDS)('%s: the minimal spec matches its JSON Schema', (kind) => {
    expect(() => assertValidSpec(kind, validSpec(kind))).not.toThrow();
  });

  it('hands out a fresh spec each time, with fields set over it', () => {
    const a = createChange('Vendor', 'a', { legalName: 'A' });
    (a.spec!.criteria as Record<string, unknown>).criticality = 'high';
    expect(validSpec('Vendor')).toMatchObject({ legalName: 'Acme Ltd', criteria: { criticality: 'low' } });
    expect(a.spec!.legalName).toBe('A');
  });
});
