import { describe, expect, it } from 'vitest';
import { BLOCK_BEGIN, BLOCK_END, diffCodeowners, mergeCodeowners, renderCodeownersBlock, roleMembers } from './codeowners.js';

describe('roleMembers', () => {
  it('collects logins per role through role inheritance, ignoring p lines and comments', () => {
    const m = roleMembers(['# people', 'p, vendor-risk, tier:high, approve', 'g, alice, vendor-risk', 'g, bob, senior-privacy', 'g, senior-privacy, privacy', 'g, carol, privacy', ''].join('\n'));
    expect([...(m.get('vendor-risk') ?? [])]).toEqual(['alice']);
    expect([...(m.get('privacy') ?? [])].sort()).toEqual(['bob', 'carol']);
    expect([...(m.get('senior-privacy') ?? [])]).toEqual(['bob']);
    expect(m.has('senior-privacy') && !m.has('alice')).toBe(true);
  });
});

describe('CODEOWNERS block', () => {
  const entries = [
    { pattern: '/integrations/acme/', owners: ['@alice'], reasons: ['high-tier-vendor' as const], resources: ['Vendor/acme'] },
    { pattern: '/integrations/acme/my file.yaml', owners: ['@alice', '@bob'], reasons: ['personal-data' as const], resources: ['Integration/x'] },
  ];
  const block = renderCodeownersBlock(entries);

  it('renders one line per path, escaping spaces', () => {
    expect(block.split('\n').filter((l) => l && !l.startsWith('#'))).toEqual(['/integrations/acme/ @alice', '/integrations/acme/my\\ file.yaml @alice @bob']);
  });

  it('keeps hand-written lines, replaces the block in place, appends it at the end when absent', () => {
    const hand = '* @acme/platform\n/docs/ @acme/docs\n';
    const appended = mergeCodeowners(hand, block);
    expect(appended).toBe(`${hand}\n${block}`);
    const old = `${hand}\n${BLOCK_BEGIN}\n/old/ @x\n${BLOCK_END}\n/tail/ @y\n`;
    expect(mergeCodeowners(old, block)).toBe(`${hand}\n${block}/tail/ @y\n`);
    expect(mergeCodeowners(undefined, block)).toBe(block);
  });

  it('lists missing and unexpected lines of the block only', () => {
    const old = `* @acme/platform\n${BLOCK_BEGIN}\n/old/ @x\n/integrations/acme/ @alice\n${BLOCK_END}\n`;
    expect(diffCodeowners(old, block)).toEqual({ missing: ['/integrations/acme/my\\ file.yaml @alice @bob'], unexpected: ['/old/ @x'] });
    expect(diffCodeowners(undefined, block).missing).toHaveLength(2);
  });
});
