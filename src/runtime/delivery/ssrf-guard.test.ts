import { describe, expect, it } from 'vitest';
import { classifyAddress } from './address-class.js';
import { checkTarget, type Resolver } from './ssrf-guard.js';

const strict = { localTesting: false, allow: [] };
const fixed =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('address classes', () => {
  it.each([
    ['93.184.216.34', 'public'],
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.20.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fd12:3456::1', 'unique-local'],
    ['::ffff:127.0.0.1', 'ipv4-mapped'],
    ['::ffff:8.8.8.8', 'ipv4-mapped'],
    ['2606:4700::1111', 'public'],
  ])('%s is %s', (address, cls) => {
    expect(classifyAddress(address)).toBe(cls);
  });
});

describe('SSRF guard', () => {
  it('pins the resolved public address', async () => {
    const r = await checkTarget('https://hooks.example.com/x', strict, fixed('93.184.216.34'));
    expect(r).toMatchObject({ ok: true, target: { address: '93.184.216.34', family: 4 } });
  });
  it('refuses http unless the endpoint is marked for local testing', async () => {
    expect(await checkTarget('http://hooks.example.com/x', strict, fixed('93.184.216.34'))).toMatchObject({ ok: false, reason: 'scheme' });
    expect(await checkTarget('http://127.0.0.1:9/x', { localTesting: true, allow: [] })).toMatchObject({ ok: true });
  });
  it('refuses private, loopback, link-local, unique-local and mapped answers', async () => {
    for (const a of ['127.0.0.1', '10.0.0.5', '169.254.169.254', 'fd00::1', '::ffff:10.0.0.1']) {
      expect(await checkTarget('https://evil.example/x', strict, fixed(a))).toMatchObject({ ok: false, reason: 'address' });
    }
    expect(await checkTarget('https://[::1]/x', strict)).toMatchObject({ ok: false, reason: 'address' });
  });
  it('refuses a host when any of its answers is private (no picking the good one)', async () => {
    expect(await checkTarget('https://mixed.example/x', strict, fixed('93.184.216.34', '10.0.0.1'))).toMatchObject({ ok: false, reason: 'address' });
  });
  it('allows a configured class, and reports unresolvable hosts and bad URLs', async () => {
    expect(await checkTarget('https://intra.example/x', { localTesting: false, allow: ['private'] }, fixed('10.0.0.5'))).toMatchObject({ ok: true });
    const failing: Resolver = async () => {
      throw new Error('ENOTFOUND');
    };
    expect(await checkTarget('https://nope.example/x', strict, failing)).toMatchObject({ ok: false, reason: 'unresolvable' });
    expect(await checkTarget('not a url', strict)).toMatchObject({ ok: false, reason: 'invalid-url' });
  });
});
