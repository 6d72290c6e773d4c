import type { Operation } from '../../contract/openapi/operations.js';
import { isObj } from '../../contract/openapi/spec.js';
import type { OpenApiMockContract } from '../contract.js';
import { BodyGenerator } from './body-generator.js';
import { sampleSchema } from './sample.js';

/** A request an operation accepts, built from its contract: what a connector test or a bench sends. */
export interface ExampleRequest {
  method: string;
  /** Path with parameters filled in, plus the query string. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * Fills every required parameter and the request body from their schemas (openapi-sampler, read-only
 * properties left out; the body checked against its schema like a response body, see BodyGenerator) and adds credentials of the shape the operation's first security requirement
 * names. Values are placeholders: the mock only checks that credentials are present.
 */
export function exampleRequest(contract: OpenApiMockContract, operation: Operation): ExampleRequest {
  const { spec, document } = contract;
  const bodies = new BodyGenerator(document, contract.validator, 0);
  const headers: Record<string, string> = {};
  const query = new URLSearchParams();
  let path = operation.basePath + operation.path;
  const form = new URLSearchParams();
  for (const p of operation.parameters.values()) {
    if (!p.required && p.in !== 'path') continue;
    const pointer = spec.version === '2.0' ? `${p.node.loc.pointer}/__schema` : p.schema ? spec.deref(p.schema).loc.pointer : undefined;
    const value = pointer ? sampleSchema(document, pointer, 'request') : 'x';
    const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? 'x' : typeof v === 'object' ? JSON.stringify(v) : String(v));
    if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(text(value)));
    else if (p.in === 'query') for (const v of Array.isArray(value) ? value : [value]) query.append(p.name, text(v));
    else if (p.in === 'header') headers[p.name.toLowerCase()] = text(value);
    else if (p.in === 'cookie') headers.cookie = `${p.name}=${text(value)}`;
    else if (p.in === 'formData') form.append(p.name, text(value));
  }
  let body: string | undefined;
  const rb = operation.method === 'get' || operation.method === 'head' ? undefined : operation.requestBody;
  if (rb) {
    const media = [...rb.content.keys()];
    const type = media.find((m) => /json/i.test(m)) ?? media.find((m) => m === 'application/x-www-form-urlencoded') ?? media[0];
    const schema = type ? rb.content.get(type)?.schema : undefined;
    const value = schema ? bodies.body(spec.deref(schema).loc.pointer, undefined, 'request').value : {};
    if (type && /json/i.test(type)) {
      headers['content-type'] = type === '*/*' ? 'application/json' : type;
      body = JSON.stringify(value ?? {});
    } else if (type === 'application/x-www-form-urlencoded') {
      headers['content-type'] = type;
      body = encodeForm(value).toString();
    } else if (type) {
      headers['content-type'] = type;
      body = typeof value === 'string' ? value : JSON.stringify(value ?? '');
    }
  } else if ([...form.keys()].length) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = form.toString();
  }
  addCredentials(contract, operation, headers, query);
  const qs = query.toString();
  return { method: operation.method.toUpperCase(), path: qs ? `${path}?${qs}` : path, headers, body };
}

function encodeForm(value: unknown, prefix = '', out = new URLSearchParams()): URLSearchParams {
  if (Array.isArray(value)) value.forEach((v, i) => encodeForm(v, `${prefix}[${i}]`, out));
  else if (isObj(value)) for (const [k, v] of Object.entries(value)) encodeForm(v, prefix ? `${prefix}[${k}]` : k, out);
  else if (prefix && value !== undefined && value !== null) out.append(prefix, String(value));
  return out;
}

function addCredentials(contract: OpenApiMockContract, operation: Operation, headers: Record<string, string>, query: URLSearchParams): void {
  const { spec } = contract;
  const requirements = operation.security?.value ?? spec.value.security;
  if (!Array.isArray(requirements) || !isObj(requirements[0])) return;
  const schemes = (spec.version === '2.0' ? spec.value.securityDefinitions : isObj(spec.value.components) ? spec.value.components.securitySchemes : undefined) as Record<string, unknown> | undefined;
  for (const name of Object.keys(requirements[0])) {
    const s = schemes?.[name];
    if (!isObj(s)) continue;
    if (s.type === 'http' && String(s.scheme).toLowerCase() === 'basic') headers.authorization = 'Basic bW9jazptb2Nr';
    else if (s.type === 'basic') headers.authorization = 'Basic bW9jazptb2Nr';
    else if (s.type === 'http') headers.authorization = `${String(s.scheme)} mock-credential`;
    else if (s.type === 'oauth2' || s.type === 'openIdConnect') headers.authorization = 'Bearer mock-credential';
    else if (s.type === 'apiKey' && s.in === 'header') headers[String(s.name).toLowerCase()] = 'mock-credential';
    else if (s.type === 'apiKey' && s.in === 'query') query.set(String(s.name), 'mock-credential');
    else if (s.type === 'apiKey' && s.in === 'cookie') headers.cookie = `${String(s.name)}=mock-credential`;
  }
}
