import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { serialNumber, testCa, testLeaf } from './test-certificates.js';

describe('test certificates', () => {
  it('draws serials that are minimal positive DER integers (a leading 0x00 byte is refused by OpenSSL)', () => {
    for (let i = 0; i < 20_000; i++) {
      const first = serialNumber()[0];
      expect(first >= 1 && first <= 0x7f).toBe(true);
    }
  });

  it('makes a CA and leaves that OpenSSL parses and that verify against the CA', () => {
    const ca = testCa();
    const caCert = new X509Certificate(ca.cert);
    for (const kind of ['server', 'client'] as const) {
      const leaf = new X509Certificate(testLeaf(ca, kind).cert);
      expect(leaf.verify(caCert.publicKey)).toBe(true);
      expect(leaf.checkIssued(caCert)).toBe(true);
    }
    expect(new X509Certificate(testLeaf(ca, 'server').cert).checkIP('127.0.0.1')).toBe('127.0.0.1');
  });
});
