import { createHash, createHmac, createPrivateKey, createPublicKey, sign as cryptoSign, timingSafeEqual, verify as cryptoVerify, type KeyObject } from 'node:crypto';

/**
 * RFC 9421 HTTP Message Signatures (the request side) and RFC 9530 `Content-Digest`: the subset a probe
 * and the runtime share. Signature-Input and Signature are Structured-Field Dictionaries (RFC 8941); only
 * what they can hold here is parsed — inner lists of strings with parameters, and byte sequences.
 */

export type SignatureAlgorithm = 'ed25519' | 'hmac-sha256';
export const SIGNATURE_ALGORITHMS: readonly SignatureAlgorithm[] = ['ed25519', 'hmac-sha256'];

export type SfBareItem = string | number | boolean | Buffer;

export interface SignatureParams {
  created?: number;
  expires?: number;
  nonce?: string;
  keyid?: string;
  alg?: string;
  tag?: string;
}

export interface SignatureInput {
  label: string;
  components: string[];
  params: SignatureParams;
  /** The member's value exactly as received: the `@signature-params` line repeats it byte for byte. */
  raw: string;
}

/** What a signature covers: the request as the server sees it. */
export interface SignedRequest {
  method: string;
  /** host[:port], lowercased, default port omitted. */
  authority: string;
  /** The path without the query. */
  path: string;
  /** With the leading `?`, or `?` alone when there is none (RFC 9421 §2.2.7). */
  query?: string;
  headers: Record<string, string | string[] | undefined>;
}

export class SignatureError extends Error {
  constructor(
    readonly reason: 'malformed' | 'missing' | 'unsupported' | 'expired' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'SignatureError';
  }
}

const PARAMS = new Set(['created', 'expires', 'nonce', 'keyid', 'alg', 'tag']);
const DERIVED = new Set(['@method', '@authority', '@path', '@query']);

class Scanner {
  i = 0;
  constructor(readonly s: string) {}
  peek(): string {
    return this.s[this.i] ?? '';
  }
  ws(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.i++;
  }
  fail(what: string): never {
    throw new SignatureError('malformed', `${what} at offset ${this.i} of ${JSON.stringify(this.s.slice(0, 200))}`);
  }
  key(): string {
    const m = /^[a-z*][a-z0-9_\-.*]*/.exec(this.s.slice(this.i));
    if (!m) this.fail('expected a key');
    this.i += m[0].length;
    return m[0];
  }
  bareItem(): SfBareItem {
    const c = this.peek();
    if (c === '"') {
      let out = '';
      this.i++;
      for (;;) {
        const ch = this.s[this.i++];
        if (ch === undefined) this.fail('unterminated string');
        if (ch === '\\') {
          const next = this.s[this.i++];
          if (next !== '"' && next !== '\\') this.fail('bad escape');
          out += next;
        } else if (ch === '"') return out;
        else if (ch < ' ' || ch > '~') this.fail('non-ASCII in string');
        else out += ch;
      }
    }
    if (c === ':') {
      const end = this.s.indexOf(':', this.i + 1);
      if (end < 0) this.fail('unterminated byte sequence');
      const b64 = this.s.slice(this.i + 1, end);
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) this.fail('bad base64');
      this.i = end + 1;
      return Buffer.from(b64, 'base64');
    }
    if (c === '?') {
      this.i++;
      const v = this.s[this.i++];
      if (v !== '0' && v !== '1') this.fail('bad boolean');
      return v === '1';
    }
    const num = /^-?\d{1,15}/.exec(this.s.slice(this.i));
    if (num) {
      this.i += num[0].length;
      if (this.peek() === '.') this.fail('decimals are not allowed here');
      return Number(num[0]);
    }
    const token = /^[A-Za-z*][A-Za-z0-9:/!#$%&'*+\-.^_`|~]*/.exec(this.s.slice(this.i));
    if (!token) this.fail('expected an item');
    this.i += token[0].length;
    return token[0];
  }
  params(): Map<string, SfBareItem> {
    const out = new Map<string, SfBareItem>();
    while (this.peek() === ';') {
      this.i++;
      this.ws();
      const k = this.key();
      let v: SfBareItem = true;
      if (this.peek() === '=') {
        this.i++;
        v = this.bareItem();
      }
      out.set(k, v);
    }
    return out;
  }
  /** Dictionary members: the raw text of each value, parsed by `member`. */
  dictionary<T>(member: (start: number) => T): Map<string, T> {
    const out = new Map<string, T>();
    this.ws();
    while (this.i < this.s.length) {
      const k = this.key();
      if (this.peek() !== '=') this.fail('expected =');
      this.i++;
      out.set(k, member(this.i));
      this.ws();
      if (this.i >= this.s.length) break;
      if (this.peek() !== ',') this.fail('expected ,');
      this.i++;
      this.ws();
      if (this.i >= this.s.length) this.fail('trailing comma');
    }
    return out;
  }
}

function joined(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.map((v) => v.trim()).join(', ') : value.trim();
}

/** Parses a `Signature-Input` field into its labelled members. */
export function parseSignatureInput(header: string): Map<string, SignatureInput> {
  const sc = new Scanner(header);
  const members = sc.dictionary((start): SignatureInput => {
    if (sc.peek() !== '(') sc.fail('expected an inner list');
    sc.i++;
    const components: string[] = [];
    for (;;) {
      sc.ws();
      if (sc.peek() === ')') {
        sc.i++;
        break;
      }
      const item = sc.bareItem();
      if (typeof item !== 'string' || sc.s[sc.i - 1] !== '"') sc.fail('a component identifier must be a string');
      if (sc.peek() === ';') sc.fail('component parameters are not supported');
      if (components.includes(item as string)) sc.fail(`duplicate component ${item as string}`);
      components.push(item as string);
    }
    const params: SignatureParams = {};
    for (const [k, v] of sc.params()) {
      if (!PARAMS.has(k)) sc.fail(`unknown signature parameter ${k}`);
      if (k === 'created' || k === 'expires') {
        if (typeof v !== 'number') sc.fail(`${k} must be an integer`);
        params[k] = v as number;
      } else {
        if (typeof v !== 'string') sc.fail(`${k} must be a string`);
        params[k as 'nonce' | 'keyid' | 'alg' | 'tag'] = v as string;
      }
    }
    return { label: '', components, params, raw: sc.s.slice(start, sc.i) };
  });
  for (const [label, input] of members) input.label = label;
  return members;
}

/** Parses a `Signature` field: each label's byte sequence. */
export function parseSignature(header: string): Map<string, Buffer> {
  const sc = new Scanner(header);
  return sc.dictionary(() => {
    const v = sc.bareItem();
    if (!Buffer.isBuffer(v)) sc.fail('a signature must be a byte sequence');
    sc.params();
    return v as Buffer;
  });
}

/** The RFC 9421 signature base for `input` over `req`. */
export function signatureBase(req: SignedRequest, input: Pick<SignatureInput, 'components' | 'raw'>): string {
  const lines = input.components.map((c) => {
    let value: string | undefined;
    if (c.startsWith('@')) {
      if (!DERIVED.has(c)) throw new SignatureError('unsupported', `derived component ${c} is not supported (use @method, @authority, @path, @query)`);
      value = c === '@method' ? req.method : c === '@authority' ? req.authority.toLowerCase() : c === '@path' ? req.path : req.query || '?';
    } else {
      if (c !== c.toLowerCase()) throw new SignatureError('malformed', `field name ${c} must be lowercase`);
      value = joined(req.headers[c]);
      if (value === undefined) throw new SignatureError('missing', `the signature covers ${c} but the request has no such field`);
    }
    if (/[^\x20-\x7e]/.test(value)) throw new SignatureError('malformed', `component ${c} holds non-ASCII characters`);
    return `"${c}": ${value}\n`;
  });
  return `${lines.join('')}"@signature-params": ${input.raw}`;
}

/** The key a verifier holds: a trusted public key (Ed25519) or shared secret (HMAC). */
export type VerifyKey = { alg: 'ed25519'; publicKey: KeyObject } | { alg: 'hmac-sha256'; secret: Buffer };
export type SignKey = { alg: 'ed25519'; privateKey: KeyObject } | { alg: 'hmac-sha256'; secret: Buffer };

export function signBase(base: string, key: SignKey): Buffer {
  if (key.alg === 'hmac-sha256') return createHmac('sha256', key.secret).update(base).digest();
  return cryptoSign(null, Buffer.from(base), key.privateKey);
}

export function verifyBase(base: string, signature: Buffer, key: VerifyKey): boolean {
  if (key.alg === 'hmac-sha256') {
    const expected = createHmac('sha256', key.secret).update(base).digest();
    return signature.length === expected.length && timingSafeEqual(signature, expected);
  }
  return signature.length === 64 && cryptoVerify(null, Buffer.from(base), key.publicKey, signature);
}

/** An Ed25519 public key from base64 SPKI DER (what `publicKey.export({type:'spki',format:'der'})` gives). */
export function ed25519PublicKey(spkiBase64: string): KeyObject {
  const key = createPublicKey({ key: Buffer.from(spkiBase64, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new SignatureError('unsupported', `the key is ${key.asymmetricKeyType ?? 'unknown'}, not ed25519`);
  return key;
}

export function ed25519PrivateKey(pkcs8Base64: string): KeyObject {
  return createPrivateKey({ key: Buffer.from(pkcs8Base64, 'base64'), format: 'der', type: 'pkcs8' });
}

/** RFC 9530 `Content-Digest` (sha-256) of a body. */
export function contentDigest(body: Buffer | string): string {
  return `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
}

/** True when the field's sha-256 (or sha-512) member matches the body; other algorithms are ignored. */
export function contentDigestMatches(header: string, body: Buffer): boolean {
  const sc = new Scanner(header);
  const digests = sc.dictionary(() => {
    const v = sc.bareItem();
    sc.params();
    return v;
  });
  let checked = false;
  for (const [alg, hash] of [
    ['sha-256', 'sha256'],
    ['sha-512', 'sha512'],
  ] as const) {
    const got = digests.get(alg);
    if (got === undefined) continue;
    if (!Buffer.isBuffer(got)) return false;
    const want = createHash(hash).update(body).digest();
    if (got.length !== want.length || !timingSafeEqual(got, want)) return false;
    checked = true;
  }
  return checked;
}

export interface SignOptions {
  label?: string;
  keyid: string;
  key: SignKey;
  /** Unix seconds. */
  created: number;
  nonce: string;
  components?: string[];
}

/** Signs a request: the `Signature-Input` and `Signature` fields to send (the covered fields must already be in `req.headers`). */
export function signRequest(req: SignedRequest, opts: SignOptions): { 'signature-input': string; signature: string } {
  const label = opts.label ?? 'sig1';
  const components = opts.components ?? ['@method', '@authority', '@path', 'content-digest'];
  const raw = `(${components.map((c) => `"${c}"`).join(' ')});created=${opts.created};keyid="${opts.keyid}";alg="${opts.key.alg}";nonce="${opts.nonce}"`;
  const signature = signBase(signatureBase(req, { components, raw }), opts.key);
  return { 'signature-input': `${label}=${raw}`, signature: `${label}=:${signature.toString('base64')}:` };
}
