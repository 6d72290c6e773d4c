/**
 * The adapter runtime every generated adapter imports (`interlock/adapter-runtime`): transport, auth,
 * retries, TLS policy, request signing and optional response validation. It depends on Node built-ins
 * only; response validation loads `ajv` when enabled. Errors are in ./errors.ts, secret resolution in
 * ./secrets.ts, encodings and backoff in ./wire.ts.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { GraphqlResponseError, HttpError, InsecureTransportError, ResponseValidationError, TimeoutError } from './errors.js';
import { defaultSecretResolver, type SecretRef, type SecretResolver } from './secrets.js';
import { appendQuery, backoff, encodeBody, jwt, parseBody, retryAfter, type RawResponse } from './wire.js';

export * from './errors.js';
export * from './secrets.js';
export { backoff, retryAfter } from './wire.js';

export type AuthConfig =
  | { type: 'none' }
  | { type: 'mtls' }
  | { type: 'apiKey'; in?: 'header' | 'query'; name: string; value: SecretRef }
  | { type: 'basic'; username: string; password: SecretRef }
  | { type: 'oauth2'; grant?: 'client_credentials' | 'authorization_code' | 'jwt_bearer'; tokenUrl: string; clientId?: string; clientSecret: SecretRef; scopes?: string[] }
  | { type: 'jwt'; issuer?: string; audience?: string; signingKey: SecretRef };

/** What the integration manifest says about reaching the vendor. */
export interface IntegrationConfig {
  name: string;
  vendor: string;
  baseUrl: string;
  /** Plain http is refused unless the integration's endpoint sets `localTesting: true`. */
  localTesting: boolean;
  timeoutMs: number;
  tlsMinVersion: 'TLSv1.2' | 'TLSv1.3';
  auth: AuthConfig;
  mtls?: { cert: SecretRef; key: SecretRef; ca?: SecretRef };
}

export interface ParamSpec {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  style: 'form' | 'deepObject' | 'simple' | 'spaceDelimited' | 'pipeDelimited';
  explode: boolean;
}

export interface SigningSpec {
  algorithm: 'hmac-sha256';
  header: string;
  timestampHeader: string;
  secret?: SecretRef;
}

export interface OperationSpec {
  operationId: string;
  method: string;
  path: string;
  params: ParamSpec[];
  body?: { contentType: string; required: boolean };
  /** Definition name in the adapter's schemas, for response validation. */
  responseSchema?: string;
  signing?: SigningSpec;
}

export interface RetryOptions {
  /** Retries after the first attempt (default 3). */
  retries?: number;
  /** First backoff step in milliseconds (default 200); doubles per attempt, with jitter. */
  baseDelayMs?: number;
  /** Longest backoff step (default 5000). */
  maxDelayMs?: number;
  /** Longest wait a Retry-After header may impose (default 60000). */
  maxRetryAfterMs?: number;
}

export interface AdapterOptions {
  /** Replaces the integration's base URL (the same transport rules apply to it). */
  baseUrl?: string;
  /** Resolves secret references; the default reads `env:` and `file:` and refuses `vault:`. */
  secrets?: SecretResolver;
  /** Per-attempt timeout; default the integration's `endpoint.timeoutMs`. */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Validate every JSON response against the contract's schema (loads `ajv`). */
  validateResponses?: boolean;
  /** Extra trust for the https agent, e.g. a private CA. */
  tls?: { ca?: string | Buffer };
  /** Replaces the integration's OAuth 2 token endpoint (same transport rules). */
  tokenUrl?: string;
  /** Supplies a bearer token for OAuth 2 grants other than client_credentials. */
  accessToken?: () => Promise<string>;
  /** Headers added to every request. */
  headers?: Record<string, string>;
  /** Replaces the wait between retries (tests use it to avoid sleeping). */
  sleep?: (ms: number) => Promise<void>;
  /** Largest response body accepted, in bytes (default 50 MiB). */
  maxResponseBytes?: number;
  /** Resolves host names for new connections (the runtime passes its egress guard, which pins checked addresses). */
  lookup?: LookupFunction;
}

export interface RequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Told the HTTP status of the final answer (a call log records it; the value alone does not say 200 or 201). */
  onStatus?: (status: number) => void;
}

export interface OperationInput {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  headers?: Record<string, unknown>;
  body?: unknown;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const RETRYABLE_ERRORS = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND']);

interface Validator {
  (value: unknown): boolean;
  errors?: unknown[] | null;
}
interface AjvLike {
  addSchema(schema: object, key: string): unknown;
  compile(schema: object): Validator;
}
type AjvConstructor = new (options: Record<string, unknown>) => AjvLike;

/** Sends requests for one adapter: builds URLs, authenticates, signs, retries and validates. */
export class Transport {
  // `| undefined` rather than `?`: the adapter compiles under exactOptionalPropertyTypes too.
  private agent: http.Agent | undefined;
  private token: { value: string; expiresAt: number } | undefined;
  private ajv: Promise<AjvLike> | undefined;
  private readonly validators = new Map<string, Validator>();
  private readonly secrets: SecretResolver;

  constructor(
    readonly config: IntegrationConfig,
    readonly options: AdapterOptions,
    readonly schemas: Record<string, unknown>,
  ) {
    this.secrets = options.secrets ?? defaultSecretResolver;
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.agent?.destroy();
    this.agent = undefined;
  }

  async call(op: OperationSpec, input: OperationInput | undefined, request: RequestOptions = {}): Promise<unknown> {
    const url = this.url(op, input ?? {});
    const headers: Record<string, string> = { accept: 'application/json', ...this.options.headers };
    for (const p of op.params) {
      const value = input?.headers?.[p.name];
      if (p.in === 'header' && value !== undefined && value !== null) headers[p.name.toLowerCase()] = Array.isArray(value) ? value.map(String).join(',') : String(value);
    }
    let body: string | Buffer | undefined;
    if (op.body && input?.body !== undefined) {
      headers['content-type'] = op.body.contentType;
      body = encodeBody(op.body.contentType, input.body);
    }
    const raw = await this.send(op.method, url, headers, body, request, op.signing);
    request.onStatus?.(raw.status);
    const value = parseBody(raw);
    if (raw.status < 200 || raw.status >= 300) throw new HttpError(op.operationId, raw.status, value, raw.headers);
    if (this.options.validateResponses && op.responseSchema && value !== undefined) await this.validate(op.operationId, op.responseSchema, value);
    return value;
  }

  /** POSTs a GraphQL operation to the base URL and returns its `data`; `errors` in the answer throw. */
  async graphql(operationName: string, query: string, variables: unknown, request: RequestOptions = {}): Promise<unknown> {
    const url = this.checked(this.baseUrl());
    const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json', ...this.options.headers };
    const body = JSON.stringify({ query, operationName, variables: variables ?? {} });
    const raw = await this.send('POST', url, headers, body, request, undefined);
    const value = parseBody(raw);
    if (raw.status < 200 || raw.status >= 300) throw new HttpError(operationName, raw.status, value, raw.headers);
    const answer = (value ?? {}) as { data?: unknown; errors?: unknown[] };
    if (Array.isArray(answer.errors) && answer.errors.length) throw new GraphqlResponseError(operationName, answer.errors, answer.data);
    return answer.data;
  }

  private baseUrl(): string {
    return (this.options.baseUrl ?? this.config.baseUrl).replace(/\/+$/, '');
  }

  private url(op: OperationSpec, input: OperationInput): URL {
    let path = op.path;
    for (const p of op.params) {
      if (p.in !== 'path') continue;
      const value = input.path?.[p.name];
      if (value === undefined || value === null) throw new TypeError(`${op.operationId}: path parameter '${p.name}' is required`);
      path = path.split(`{${p.name}}`).join(encodeURIComponent(Array.isArray(value) ? value.map(String).join(',') : String(value)));
    }
    const url = this.checked(this.baseUrl() + path);
    for (const p of op.params) {
      if (p.in !== 'query') continue;
      const value = input.query?.[p.name];
      if (value === undefined) continue;
      appendQuery(url.searchParams, p, value);
    }
    return url;
  }

  /** https only, unless the endpoint is marked for local testing. */
  private checked(href: string): URL {
    const url = new URL(href);
    if (url.protocol === 'https:') return url;
    if (url.protocol === 'http:' && this.config.localTesting) return url;
    throw new InsecureTransportError(url.href);
  }

  private async agentFor(url: URL): Promise<http.Agent> {
    if (this.agent) return this.agent;
    if (url.protocol === 'http:') {
      this.agent = new http.Agent({ keepAlive: true, ...(this.options.lookup ? { lookup: this.options.lookup } : {}) });
      return this.agent;
    }
    const mtls = this.config.mtls;
    const ca: (string | Buffer)[] = [];
    if (this.options.tls?.ca) ca.push(this.options.tls.ca);
    if (mtls?.ca) ca.push(await this.secrets(mtls.ca));
    this.agent = new https.Agent({
      keepAlive: true,
      // TLS 1.2 is the floor whatever the manifest says; 1.3 when it asks for it.
      minVersion: this.config.tlsMinVersion,
      ...(this.options.lookup ? { lookup: this.options.lookup } : {}),
      ...(ca.length ? { ca } : {}),
      ...(mtls ? { cert: await this.secrets(mtls.cert), key: await this.secrets(mtls.key) } : {}),
    });
    return this.agent;
  }

  private async send(
    method: string,
    url: URL,
    baseHeaders: Record<string, string>,
    body: string | Buffer | undefined,
    request: RequestOptions,
    signing: SigningSpec | undefined,
  ): Promise<RawResponse> {
    const retry = this.options.retry ?? {};
    const retries = retry.retries ?? 3;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      const target = new URL(url.href);
      const headers = { ...baseHeaders, ...request.headers };
      await this.authenticate(target, headers);
      if (signing) await this.sign(signing, method, target, headers, body);
      let raw: RawResponse;
      try {
        raw = await this.once(method, target, headers, body, request);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const again = attempt < retries && IDEMPOTENT.has(method) && (error instanceof TimeoutError || (code !== undefined && RETRYABLE_ERRORS.has(code)));
        if (!again) throw error;
        await sleep(backoff(attempt, retry));
        continue;
      }
      if ((raw.status === 429 || raw.status >= 500) && attempt < retries) {
        await sleep(retryAfter(raw.headers, retry) ?? backoff(attempt, retry));
        continue;
      }
      if (raw.status === 401 && this.token && !renewed) {
        // The token may have been revoked before it expired: fetch a new one, once.
        this.token = undefined;
        renewed = true;
        continue;
      }
      return raw;
    }
  }

  private async once(method: string, url: URL, headers: Record<string, string>, body: string | Buffer | undefined, request: RequestOptions): Promise<RawResponse> {
    const agent = await this.agentFor(url);
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs ?? this.config.timeoutMs;
    const limit = this.options.maxResponseBytes ?? 50 * 1024 * 1024;
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise<RawResponse>((resolve, reject) => {
      const req = lib.request(url, { method, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limit) {
            req.destroy(new Error(`Response larger than ${limit} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      });
      const timer = setTimeout(() => req.destroy(new TimeoutError(timeoutMs)), timeoutMs);
      const abort = () => req.destroy(request.signal?.reason instanceof Error ? request.signal.reason : new Error('Aborted'));
      if (request.signal?.aborted) abort();
      request.signal?.addEventListener('abort', abort, { once: true });
      req.on('error', (error) => {
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', abort);
        reject(error);
      });
      req.on('close', () => request.signal?.removeEventListener('abort', abort));
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  private async authenticate(url: URL, headers: Record<string, string>): Promise<void> {
    const auth = this.config.auth;
    switch (auth.type) {
      case 'none':
      case 'mtls':
        return;
      case 'apiKey': {
        const key = await this.secrets(auth.value);
        if (auth.in === 'query') url.searchParams.set(auth.name, key);
        else headers[auth.name.toLowerCase()] = auth.name.toLowerCase() === 'authorization' && !key.includes(' ') ? `Bearer ${key}` : key;
        return;
      }
      case 'basic': {
        const user = /^(env|file|vault):/.test(auth.username) ? await this.secrets(auth.username) : auth.username;
        headers['authorization'] = `Basic ${Buffer.from(`${user}:${await this.secrets(auth.password)}`).toString('base64')}`;
        return;
      }
      case 'jwt':
        headers['authorization'] = `Bearer ${jwt(auth, await this.secrets(auth.signingKey))}`;
        return;
      case 'oauth2':
        headers['authorization'] = `Bearer ${await this.accessToken(auth)}`;
        return;
    }
  }

  private async accessToken(auth: Extract<AuthConfig, { type: 'oauth2' }>): Promise<string> {
    if (this.options.accessToken) return this.options.accessToken();
    if (this.token && this.token.expiresAt > Date.now()) return this.token.value;
    const grant = auth.grant ?? 'client_credentials';
    if (grant === 'authorization_code') {
      throw new Error("OAuth 2 grant 'authorization_code' needs a token from the caller; pass `accessToken` in the adapter options");
    }
    const tokenUrl = this.options.tokenUrl ?? auth.tokenUrl;
    const form = new URLSearchParams();
    if (grant === 'jwt_bearer') {
      // RFC 7523: a short-lived assertion signed with the client's key (the clientSecret reference).
      const assertion: Extract<AuthConfig, { type: 'jwt' }> = { type: 'jwt', audience: tokenUrl, signingKey: auth.clientSecret };
      if (auth.clientId) assertion.issuer = auth.clientId;
      form.set('grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer');
      form.set('assertion', jwt(assertion, await this.secrets(auth.clientSecret), auth.clientId));
    } else {
      form.set('grant_type', 'client_credentials');
      form.set('client_secret', await this.secrets(auth.clientSecret));
      if (auth.clientId) form.set('client_id', auth.clientId);
    }
    if (auth.scopes?.length) form.set('scope', auth.scopes.join(' '));
    const body = form.toString();
    const raw = await this.once('POST', this.checked(tokenUrl), { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, body, {});
    const value = parseBody(raw) as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (raw.status !== 200 || typeof value?.access_token !== 'string') throw new HttpError('oauth2-token', raw.status, value, raw.headers);
    const lifetime = typeof value.expires_in === 'number' ? value.expires_in : 300;
    // Renew a little early so a token never expires in flight.
    this.token = { value: value.access_token, expiresAt: Date.now() + Math.max(0, lifetime - 30) * 1000 };
    return this.token.value;
  }

  /** HMAC-SHA256 over `timestamp.METHOD.path?query.body`, hex, sent as `v1=<hex>` (see docs/generate.md). */
  private async sign(signing: SigningSpec, method: string, url: URL, headers: Record<string, string>, body: string | Buffer | undefined): Promise<void> {
    const ref = signing.secret ?? credentialOf(this.config.auth);
    if (!ref) throw new Error('The contract asks for signed requests but neither x-interlock-signing.secret nor the integration credential gives a key');
    const timestamp = String(Math.floor(Date.now() / 1000));
    const payload = `${timestamp}.${method.toUpperCase()}.${url.pathname}${url.search}.${body === undefined ? '' : body.toString()}`;
    headers[signing.timestampHeader.toLowerCase()] = timestamp;
    headers[signing.header.toLowerCase()] = `v1=${createHmac('sha256', await this.secrets(ref)).update(payload).digest('hex')}`;
  }

  private async validate(operationId: string, schemaName: string, value: unknown): Promise<void> {
    let validator = this.validators.get(schemaName);
    if (!validator) {
      this.ajv ??= loadAjv(this.schemas);
      validator = (await this.ajv).compile({ $ref: `contract#/definitions/${schemaName}` });
      this.validators.set(schemaName, validator);
    }
    if (!validator(value)) throw new ResponseValidationError(operationId, validator.errors ?? []);
  }
}

async function loadAjv(schemas: Record<string, unknown>): Promise<AjvLike> {
  // A variable specifier keeps ajv optional: the adapter compiles and runs without it until validation is asked for.
  const specifier = 'ajv';
  const mod: unknown = await import(specifier);
  let ctor: unknown = (mod as { default?: unknown }).default ?? mod;
  if (ctor && typeof ctor === 'object' && 'default' in ctor) ctor = (ctor as { default: unknown }).default;
  if (typeof ctor !== 'function') throw new Error('Response validation needs the ajv package');
  const ajv = new (ctor as AjvConstructor)({ strict: false, allErrors: true, validateFormats: false, logger: false });
  ajv.addSchema({ definitions: schemas }, 'contract');
  return ajv;
}

function credentialOf(auth: AuthConfig): SecretRef | undefined {
  switch (auth.type) {
    case 'apiKey':
      return auth.value;
    case 'basic':
      return auth.password;
    case 'oauth2':
      return auth.clientSecret;
    case 'jwt':
      return auth.signingKey;
    default:
      return undefined;
  }
}
