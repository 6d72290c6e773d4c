import type { IncomingHttpHeaders } from 'node:http';
import type { Operation } from '../../contract/openapi/operations.js';
import { isObj, type Spec } from '../../contract/openapi/spec.js';
import { parseFormFields } from './form-body.js';
import type { SchemaValidator } from './schema-validator.js';

/** Where a violation is: the part of the request and a JSON pointer into it (`/query/limit`, `/body/items/0/sku`). */
export interface RequestViolation {
  in: 'path' | 'query' | 'header' | 'cookie' | 'body';
  pointer: string;
  keyword: string;
  message: string;
  /** The contract element that was violated (a JSON pointer into the description). */
  schema?: string;
}

export interface IncomingRequest {
  method: string;
  pathParams: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RequestCheck {
  /** 415 when the body's media type is not one the operation accepts. */
  unsupportedMediaType?: string;
  /** 401 when no security requirement of the operation is met. */
  unauthenticated?: string;
  violations: RequestViolation[];
  /** The parsed body (JSON, or form fields), for state and the request record. */
  body?: unknown;
  /** Parts that could not be checked (multipart bodies, a schema ajv cannot compile). */
  unchecked: string[];
}

/** Checks a request against its operation: security presence, parameters, media type and body. */
export function checkRequest(spec: Spec, validator: SchemaValidator, operation: Operation, req: IncomingRequest): RequestCheck {
  const out: RequestCheck = { violations: [], unchecked: [] };
  out.unauthenticated = checkSecurity(spec, operation, req);
  const cookies = parseCookies(req.headers.cookie);
  const form = formFields(req);
  for (const param of operation.parameters.values()) {
    const where = param.in as RequestViolation['in'] | 'formData';
    let raw: unknown;
    if (where === 'path') raw = req.pathParams[param.name];
    else if (where === 'query') raw = queryValue(req.query, param.name, param.schema ? spec.deref(param.schema).value : undefined);
    else if (where === 'header') raw = req.headers[param.name.toLowerCase()];
    else if (where === 'cookie') raw = cookies[param.name];
    else if (where === 'formData') raw = form?.[param.name];
    else continue;
    const at = where === 'formData' ? 'body' : where;
    const pointer = `/${at === 'header' ? 'header' : at}/${escape(where === 'header' ? param.name.toLowerCase() : param.name)}`;
    if (raw === undefined || raw === '') {
      if (param.required && !(raw === '' && (param.node.value as { allowEmptyValue?: unknown }).allowEmptyValue === true)) {
        out.violations.push({ in: at, pointer, keyword: 'required', message: `${where === 'formData' ? 'form field' : `${where} parameter`} '${param.name}' is required`, schema: param.node.loc.pointer });
      }
      continue;
    }
    const schemaPointer = spec.version === '2.0' ? undefined : param.schema?.loc.pointer;
    const result = schemaPointer !== undefined ? validator.check(schemaPointer, raw, 'request', true) : checkSwagger2Param(validator, param.node.loc.pointer, raw);
    if (!result.checked) {
      out.unchecked.push(`${where} ${param.name}: ${result.reason}`);
      continue;
    }
    for (const v of result.violations) out.violations.push({ in: at, pointer: pointer + v.pointer, keyword: v.keyword, message: `${where} parameter '${param.name}' ${v.message}`, schema: v.schemaPath || schemaPointer || param.node.loc.pointer });
  }
  checkBody(operation, validator, req, out, form);
  return out;
}

/** Swagger 2.0 non-body parameters are their own schema, mixed with `name`, `in` and a boolean `required`. */
function checkSwagger2Param(validator: SchemaValidator, pointer: string, raw: unknown) {
  return validator.check(`${pointer}/__schema`, raw, 'request', true);
}

function checkBody(operation: Operation, validator: SchemaValidator, req: IncomingRequest, out: RequestCheck, form: Record<string, unknown> | undefined): void {
  const rb = operation.requestBody;
  const type = mediaType(req.headers['content-type']);
  const hasBody = req.body.length > 0;
  if (!rb) {
    if (form) out.body = form;
    else if (hasBody && type.endsWith('json')) out.body = tryJson(req.body);
    return;
  }
  if (!hasBody) {
    if (rb.required) out.violations.push({ in: 'body', pointer: '/body', keyword: 'required', message: 'a request body is required', schema: rb.node.loc.pointer });
    return;
  }
  const media = pickMedia([...rb.content.keys()], type);
  if (!media) {
    out.unsupportedMediaType = `Content-Type '${type || '(none)'}' is not one of ${[...rb.content.keys()].join(', ')}`;
    return;
  }
  const schema = rb.content.get(media)?.schema;
  let value: unknown;
  let coerce = false;
  if (type === 'application/x-www-form-urlencoded') {
    value = form ?? {};
    coerce = true;
  } else if (type.endsWith('json') || type.endsWith('+json')) {
    const parsed = tryJson(req.body);
    if (parsed === NOT_JSON) {
      out.violations.push({ in: 'body', pointer: '/body', keyword: 'json', message: 'the body is not valid JSON' });
      return;
    }
    value = parsed;
  } else {
    out.unchecked.push(`body: ${type} bodies are not checked`);
    return;
  }
  out.body = value;
  if (!schema) return;
  const result = validator.check(schema.loc.pointer, value, 'request', coerce);
  if (!result.checked) {
    out.unchecked.push(`body: ${result.reason}`);
    return;
  }
  if (coerce && result.violations.length === 0) out.body = validator.coerced(schema.loc.pointer, value);
  for (const v of result.violations) out.violations.push({ in: 'body', pointer: '/body' + v.pointer, keyword: v.keyword, message: `${v.pointer ? `body ${v.pointer}` : 'body'} ${v.message}`, schema: v.schemaPath || schema.loc.pointer });
}

const NOT_JSON = Symbol('not json');

function tryJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return NOT_JSON;
  }
}

function formFields(req: IncomingRequest): Record<string, unknown> | undefined {
  if (mediaType(req.headers['content-type']) !== 'application/x-www-form-urlencoded') return undefined;
  return parseFormFields(new URLSearchParams(req.body.toString('utf8')));
}

export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

/** The declared media type a request's Content-Type matches (`*\/*`, `application/*` and `+json` suffixes included). */
export function pickMedia(declared: string[], type: string): string | undefined {
  const lower = declared.map((d) => d.toLowerCase());
  const exact = lower.indexOf(type);
  if (exact !== -1) return declared[exact];
  const wild = lower.findIndex((d) => d === '*/*' || (d.endsWith('/*') && type.startsWith(d.slice(0, -1))));
  if (wild !== -1) return declared[wild];
  if (type.endsWith('+json')) {
    const json = lower.indexOf('application/json');
    if (json !== -1) return declared[json];
  }
  return undefined;
}

function queryValue(query: URLSearchParams, name: string, schema: unknown): unknown {
  const all = query.getAll(name);
  const isArray = isObj(schema) && (schema.type === 'array' || (Array.isArray(schema.type) && schema.type.includes('array')));
  if (isArray) {
    if (all.length === 0) {
      const bracketed = query.getAll(`${name}[]`);
      return bracketed.length ? bracketed : undefined;
    }
    return all.length === 1 && all[0].includes(',') ? all[0].split(',') : all;
  }
  if (all.length === 0) {
    const nested = parseFormFields(query)[name];
    return nested;
  }
  return all[0];
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/**
 * Presence only: the mock cannot know the vendor's credentials, so a request carrying the header,
 * query parameter or cookie a security scheme names passes. None of the requirements met → 401.
 */
function checkSecurity(spec: Spec, operation: Operation, req: IncomingRequest): string | undefined {
  const requirements = operation.security?.value ?? spec.value.security;
  if (!Array.isArray(requirements) || requirements.length === 0) return undefined;
  const schemes = (spec.version === '2.0' ? spec.value.securityDefinitions : isObj(spec.value.components) ? spec.value.components.securitySchemes : undefined) as Record<string, unknown> | undefined;
  const names: string[] = [];
  for (const requirement of requirements) {
    if (!isObj(requirement)) continue;
    const keys = Object.keys(requirement);
    if (keys.length === 0) return undefined;
    if (keys.every((k) => presented(schemes?.[k], req))) return undefined;
    names.push(keys.join(' + '));
  }
  return `the request carries no credentials for ${names.join(' or ')}`;
}

function presented(scheme: unknown, req: IncomingRequest): boolean {
  if (!isObj(scheme)) return true; // an undefined scheme was reported by validation; do not block on it
  const auth = String(req.headers.authorization ?? '');
  switch (scheme.type) {
    case 'http':
      return auth.toLowerCase().startsWith(`${String(scheme.scheme ?? '').toLowerCase()} `);
    case 'basic':
      return auth.toLowerCase().startsWith('basic ');
    case 'apiKey': {
      const name = String(scheme.name ?? '');
      if (scheme.in === 'header') return req.headers[name.toLowerCase()] !== undefined;
      if (scheme.in === 'query') return req.query.has(name);
      if (scheme.in === 'cookie') return parseCookies(req.headers.cookie)[name] !== undefined;
      return true;
    }
    case 'oauth2':
    case 'openIdConnect':
      return auth.toLowerCase().startsWith('bearer ');
    case 'mutualTLS':
      return true;
    default:
      return true;
  }
}

function escape(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
