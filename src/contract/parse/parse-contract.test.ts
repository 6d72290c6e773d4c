import { describe, expect, it } from 'vitest';
import { parseContractDocument } from './parse-contract.js';

describe('parseContractDocument (YAML)', () => {
  it('refuses an alias bomb whose anchors follow a flow indicator', () => {
    const lines = ['openapi: 3.0.0', 'l0: [&l0 [1, 2]]'];
    for (let k = 1; k <= 8; k++) lines.push(`l${k}: [&l${k} [${Array(10).fill(`*l${k - 1}`).join(', ')}]]`);
    const r = parseContractDocument('bomb.yaml', lines.join('\n') + '\n', false);
    expect(r.doc).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['yaml-alias-limit']);
  });
  it('reads an ampersand in text as text', () => {
    const r = parseContractDocument('a.yaml', 'openapi: 3.0.0\ninfo:\n  title: Tips & Tricks\n  description: &desc R&D\n', false);
    expect(r.diagnostics).toEqual([]);
    expect((r.doc?.value as { info: { title: string; description: string } }).info).toEqual({ title: 'Tips & Tricks', description: 'R&D' });
  });
});
