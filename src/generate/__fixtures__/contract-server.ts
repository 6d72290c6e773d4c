import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { Ajv } from 'ajv';
import { buildASTSchema, execute, getNamedType, GraphQLEnumType, GraphQLList, GraphQLNonNull, GraphQLScalarType, isAbstractType, isLeafType, parse, validate, type GraphQLOutputType, type GraphQLSchema } from 'graphql';
import { getAtPointer } from '../../core/pointer.js';
import type { ApiDescription } from '../../contract/api-description.js';
import { toJsonSchema } from '../model/json-schema.js';
import { sample } from './samples.js';

type Obj = Record<string, unknown>;

export interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  operationId?: string;
}

export interface ContractServer {
  url: string;
  received: Received[];
  /** Anything the adapter sent that the contract does not allow, or responses the server could not make conform. */
  failures: string[];
  /** Answer the next `count` requests with `status` (and a Retry-After of `retryAfter` seconds). */
  failNext(count: number, status: number, retryAfter?: string): void;
  close(): Promise<void>;
}

export interface ServerOptions {
  api: ApiDescription;
  tls?: { key: string; cert: string; minVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2'; maxVersion?: 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'; ciphers?: string };
  /** Checks each request's credentials and signature; returns a problem or undefined. */
  authenticate?: (r: Received) => string | undefined;
}

/**
 * A loopback server that speaks a contract: it validates every request against the description
 * (operation exists, required parameters present, JSON bodies conform) and answers with a sample that
 * conforms to the success response's schema. GraphQL contracts execute the query against the SDL.
 */
export async function startContractServer(options: ServerOptions): Promise<ContractServer> {
  const failures: string[] = [];
  const received: Received[] = [];
  let failing: { count: number; status: number; retryAfter?: string } = { count: 0, status: 0 };
  const handler = options.api.format === 'openapi' ? openApiHandler(options.api, failures) : graphqlHandler(options.api, failures);
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const r: Received = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(r);
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        const text = body === undefined ? '' : JSON.stringify(body);
        res.writeHead(status, { ...(text ? { 'content-type': 'application/json' } : {}), ...headers });
        res.end(text);
      };
      if (r.path === '/oauth/token' && r.method === 'POST') {
        const form = new URLSearchParams(r.body);
        const grant = form.get('grant_type');
        const ok = (grant === 'client_credentials' && form.get('client_secret')) || (grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer' && /^[\w-]+\.[\w-]+\.[\w-]+$/.test(form.get('assertion') ?? ''));
        if (!ok) failures.push(`token request without client credentials or assertion: ${r.body}`);
        send(200, { access_token: 'token-1', token_type: 'Bearer', expires_in: 3600 });
        return;
      }
      if (failing.count > 0) {
        failing.count--;
        send(failing.status, { error: 'unavailable' }, failing.retryAfter !== undefined ? { 'retry-after': failing.retryAfter } : {});
        return;
      }
      const problem = options.authenticate?.(r);
      if (problem) {
        failures.push(`${r.method} ${r.path}: ${problem}`);
        send(401, { error: problem });
        return;
      }
      const answer = handler(r);
      send(answer.status, answer.body);
    });
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert, minVersion: options.tls.minVersion, maxVersion: options.tls.maxVersion, ciphers: options.tls.ciphers }, listener) : http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    received,
    failures,
    failNext(count, status, retryAfter) {
      failing = { count, status, retryAfter };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** HMAC check matching the adapter runtime's documented signing scheme. */
export function verifySignature(r: Received, header: string, timestampHeader: string, secret: string): string | undefined {
  const ts = r.headers[timestampHeader.toLowerCase()];
  const sig = r.headers[header.toLowerCase()];
  if (typeof ts !== 'string' || typeof sig !== 'string') return 'missing signature headers';
  const search = r.query.toString();
  const payload = `${ts}.${r.method}.${r.path}${search ? `?${search}` : ''}.${r.body}`;
  const want = `v1=${createHmac('sha256', secret).update(payload).digest('hex')}`;
  return want === sig ? undefined : 'bad signature';
}

function openApiHandler(api: ApiDescription, failures: string[]): (r: Received) => { status: number; body: unknown } {
  const root = api.doc!.value as Obj;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, coerceTypes: false });
  const names = new Map<string, string>();
  const nameOf = (pointer: string) => {
    let n = names.get(pointer);
    if (!n) {
      n = `d${names.size}`;
      names.set(pointer, n);
    }
    return n;
  };
  // Every schema is converted with references into one shared definitions document.
  const definitions: Obj = {};
  const compile = (schema: unknown) => {
    const converted = toJsonSchema(schema, nameOf);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pointer, name] of names) {
        if (definitions[name] !== undefined) continue;
        definitions[name] = toJsonSchema(getAtPointer(root, pointer), nameOf);
        grew = true;
      }
    }
    return ajv.compile({ ...(converted as Obj), definitions: { ...definitions } });
  };
  const routes = [...api.operations.values()].map((op) => ({
    op,
    regex: new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '([^/]+)')}$`),
    value: getAtPointer(root, op.pointer) as Obj,
    itemParams: (getAtPointer(root, op.pointer.slice(0, op.pointer.lastIndexOf('/')) + '/parameters') ?? []) as unknown[],
  }));
  const deref = (v: unknown): Obj => {
    let cur = v as Obj;
    for (let i = 0; i < 10 && cur && typeof cur.$ref === 'string'; i++) cur = getAtPointer(root, (cur.$ref as string).slice(1)) as Obj;
    return cur ?? {};
  };
  return (r) => {
    const route = routes.find((x) => x.op.method === r.method && x.regex.test(r.path));
    if (!route) {
      failures.push(`${r.method} ${r.path}: no such operation in the contract`);
      return { status: 404, body: { error: 'not found' } };
    }
    r.operationId = route.op.operationId;
    const where = `${route.op.operationId}`;
    const params = [...route.itemParams, ...((route.value.parameters ?? []) as unknown[])].map(deref);
    const match = route.regex.exec(r.path)!;
    const pathNames = [...route.op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const p of params) {
      const name = String(p.name);
      if (p.in === 'path' && !match[pathNames.indexOf(name) + 1]) failures.push(`${where}: path parameter ${name} missing`);
      if (p.in === 'query' && p.required === true && ![...r.query.keys()].some((k) => k === name || k.startsWith(`${name}[`))) failures.push(`${where}: required query parameter ${name} missing`);
      if (p.in === 'header' && p.required === true && r.headers[name.toLowerCase()] === undefined) failures.push(`${where}: required header ${name} missing`);
      if (p.in === 'query' && p.schema && r.query.has(name)) {
        const s = deref(p.schema);
        const raw = r.query.getAll(name);
        const value = s.type === 'array' ? raw : raw[0];
        const items = s.type === 'array' ? deref(s.items) : s;
        const coerce = (v: string) => (items.type === 'integer' || items.type === 'number' ? Number(v) : items.type === 'boolean' ? v === 'true' : v);
        const validateParam = compile(p.schema);
        const typed = Array.isArray(value) ? value.map(coerce) : coerce(value);
        if (!validateParam(typed)) failures.push(`${where}: query parameter ${name}=${String(value)} does not conform: ${ajv.errorsText(validateParam.errors)}`);
      }
    }
    const requestBody = route.value.requestBody ? deref(route.value.requestBody) : undefined;
    if (requestBody) {
      const content = (requestBody.content ?? {}) as Obj;
      const type = String(r.headers['content-type'] ?? '');
      if (!r.body && requestBody.required === true) failures.push(`${where}: request body required`);
      if (r.body && /json/.test(type)) {
        const media = content[type] as Obj | undefined;
        if (!media) failures.push(`${where}: content type ${type} not in the contract`);
        else {
          const check = compile(media.schema);
          if (!check(JSON.parse(r.body))) failures.push(`${where}: request body does not conform: ${ajv.errorsText(check.errors)}`);
        }
      } else if (r.body && !content[type]) failures.push(`${where}: content type ${type} not in the contract`);
    }
    const responses = (route.value.responses ?? {}) as Obj;
    const status = Object.keys(responses).sort().find((s) => /^2\d\d$/.test(s)) ?? '200';
    const response = deref(responses[status]);
    const media = Object.entries((response.content ?? {}) as Obj).find(([t]) => /json/.test(t))?.[1] as Obj | undefined;
    if (!media?.schema) return { status: Number(status), body: undefined };
    const body = sample(root, media.schema);
    const check = compile(media.schema);
    if (!check(body)) failures.push(`${where}: the server's own sample does not conform: ${ajv.errorsText(check.errors)}`);
    return { status: Number(status), body };
  };
}

function graphqlHandler(api: ApiDescription, failures: string[]): (r: Received) => { status: number; body: unknown } {
  const schema: GraphQLSchema = buildASTSchema(api.sdl!);
  return (r) => {
    if (r.method !== 'POST') {
      failures.push(`GraphQL endpoint got ${r.method}`);
      return { status: 405, body: undefined };
    }
    const payload = JSON.parse(r.body || '{}') as { query?: string; variables?: Obj; operationName?: string };
    const document = parse(payload.query ?? '');
    const errors = validate(schema, document);
    if (errors.length) {
      failures.push(`GraphQL document invalid: ${errors.map((e) => e.message).join('; ')}`);
      return { status: 200, body: { errors: errors.map((e) => ({ message: e.message })) } };
    }
    const result = execute({
      schema,
      document,
      variableValues: payload.variables,
      operationName: payload.operationName,
      fieldResolver: (_source, _args, _ctx, info) => sampleOutput(info.returnType),
      typeResolver: (_value, _ctx, info, abstract) => schema.getPossibleTypes(abstract)[0]?.name ?? info.parentType.name,
    });
    if ('then' in result) throw new Error('unexpected async execution');
    if (result.errors?.length) failures.push(`GraphQL execution: ${result.errors.map((e) => e.message).join('; ')}`);
    return { status: 200, body: result };
  };
}

function sampleOutput(type: GraphQLOutputType): unknown {
  if (type instanceof GraphQLNonNull) return sampleOutput(type.ofType);
  if (type instanceof GraphQLList) return [sampleOutput(type.ofType)];
  const named = getNamedType(type);
  if (named instanceof GraphQLScalarType) return named.name === 'Int' ? 2 : named.name === 'Float' ? 1.5 : named.name === 'Boolean' ? true : named.name === 'ID' ? 'id-1' : 'text';
  if (named instanceof GraphQLEnumType) return named.getValues()[0]?.value;
  if (isLeafType(named)) return null;
  if (isAbstractType(named)) return {};
  return {};
}
