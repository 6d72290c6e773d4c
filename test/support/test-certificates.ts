import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * X.509 certificates made at test time with node:crypto and a minimal DER writer (no openssl, no
 * dependency): a CA, and leaves it signs — a server certificate for 127.0.0.1/localhost or a client
 * certificate. ECDSA P-256, valid from an hour ago for a day.
 */
export interface TestCertificate {
  cert: string;
  key: string;
  keyObject: KeyObject;
}

const tlv = (tag: number, body: Buffer): Buffer => {
  const n = body.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
};
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const int = (bytes: Buffer) => tlv(0x02, bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
const oid = (dotted: string): Buffer => {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a * 40 + b];
  for (const n of rest) {
    const groups = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) groups.unshift((v & 0x7f) | 0x80);
    out.push(...groups);
  }
  return tlv(0x06, Buffer.from(out));
};
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const utcTime = (d: Date) => tlv(0x17, Buffer.from(d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z'));
const name = (cn: string) => seq(set(seq(oid('2.5.4.3'), utf8(cn))));
const ecdsaSha256 = seq(oid('1.2.840.10045.4.3.2'));
const extension = (id: string, critical: boolean, value: Buffer) => seq(oid(id), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), tlv(0x04, value));

/** A positive serial whose first byte is non-zero: a leading 0x00 would be non-minimal DER, which OpenSSL refuses ("illegal padding"). */
export function serialNumber(): Buffer {
  const bytes = randomBytes(8);
  bytes[0] = (bytes[0] % 0x7f) + 1;
  return bytes;
}

function certificate(subject: string, issuer: string, publicKey: KeyObject, signer: KeyObject, extensions: Buffer[]): string {
  const now = Date.now();
  const tbs = seq(
    tlv(0xa0, int(Buffer.from([2]))),
    int(serialNumber()),
    ecdsaSha256,
    name(issuer),
    seq(utcTime(new Date(now - 3_600_000)), utcTime(new Date(now + 86_400_000))),
    name(subject),
    publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, seq(...extensions)),
  );
  const der = seq(tbs, ecdsaSha256, tlv(0x03, Buffer.concat([Buffer.from([0]), sign('sha256', tbs, signer)])));
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function keyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
}

const pem = (k: KeyObject) => k.export({ type: 'pkcs8', format: 'pem' }) as string;

export function testCa(cn = 'Interlock Test CA'): TestCertificate & { cn: string } {
  const { privateKey, publicKey } = keyPair();
  const cert = certificate(cn, cn, publicKey, privateKey, [extension('2.5.29.19', true, seq(tlv(0x01, Buffer.from([0xff])))), extension('2.5.29.15', true, tlv(0x03, Buffer.from([0x01, 0x06])))]);
  return { cn, cert, key: pem(privateKey), keyObject: privateKey };
}

/** A certificate signed by `ca`: a server one names 127.0.0.1 and localhost. */
export function testLeaf(ca: TestCertificate & { cn: string }, kind: 'server' | 'client', cn = kind === 'server' ? 'localhost' : 'interlock-cli'): TestCertificate {
  const { privateKey, publicKey } = keyPair();
  const san = seq(tlv(0x87, Buffer.from([127, 0, 0, 1])), tlv(0x82, Buffer.from('localhost')));
  const eku = seq(oid(kind === 'server' ? '1.3.6.1.5.5.7.3.1' : '1.3.6.1.5.5.7.3.2'));
  const cert = certificate(cn, ca.cn, publicKey, ca.keyObject, [extension('2.5.29.17', false, san), extension('2.5.29.37', false, eku)]);
  return { cert, key: pem(privateKey), keyObject: privateKey };
}
