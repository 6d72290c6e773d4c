import { HTTP_METHODS as METHODS } from '../../core/http.js';
import { isObj, type Node, type Obj, type Spec } from './spec.js';

export interface Lifecycle {
  deprecated: boolean;
  /** `x-sunset` as written (may be unparseable; see lifecycle.ts). */
  sunset?: string;
  /** `x-stability-level` as written. */
  stability?: string;
}

export interface Parameter extends Lifecycle {
  name: string;
  in: string;
  /** Match key: path parameters by position in the template (their names do not matter to clients). */
  key: string;
  required: boolean;
  /** The parameter object (after refs). */
  node: Node;
  /** The parameter's schema: `schema`, the schema of its single `content` entry, or (Swagger 2.0) the parameter itself. */
  schema?: Node;
  /** Declared on the path item rather than the operation. */
  pathLevel: boolean;
  /** Serialization (`style`, `explode`) with OpenAPI's defaults filled in (2.0: from `collectionFormat`). */
  style: string;
  explode: boolean;
}

export interface MediaType {
  name: string;
  node: Node;
  schema?: Node;
}

export interface RequestBody {
  node: Node;
  required: boolean;
  content: Map<string, MediaType>;
}

export interface Header {
  name: string;
  node: Node;
  required: boolean;
  schema?: Node;
}

export interface Response {
  status: string;
  node: Node;
  headers: Map<string, Header>;
  content: Map<string, MediaType>;
}

export interface Operation extends Lifecycle {
  method: string;
  /** The path template as written. */
  path: string;
  /** Base path of the servers (3.x) or `basePath` (2.0), without trailing slash. */
  basePath: string;
  node: Node;
  operationId?: string;
  parameters: Map<string, Parameter>;
  requestBody?: RequestBody;
  responses: Map<string, Response>;
  /** Operation-level security requirements, undefined when the operation inherits the global ones. */
  security?: Node;
  callbacks?: Node;
}

/** `/users/{id}/posts/{postId}` → `/users/{}/posts/{}`: templates match whatever their parameters are called. */
export function templateKey(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '') || '/';
}

export function basePathOf(spec: Spec): string {
  const v = spec.value;
  let raw = '';
  if (spec.version === '2.0') raw = typeof v.basePath === 'string' ? v.basePath : '';
  else if (Array.isArray(v.servers) && isObj(v.servers[0]) && typeof v.servers[0].url === 'string') {
    const url = v.servers[0].url;
    const m = /^(?:[a-z][a-z0-9+.-]*:)?\/\/[^/]*(\/.*)?$/i.exec(url);
    raw = m ? (m[1] ?? '') : url.startsWith('/') ? url : '';
  }
  return raw.replace(/\/+$/, '');
}

function lifecycle(value: unknown): Lifecycle {
  const o = isObj(value) ? value : {};
  const sunset = o['x-sunset'];
  const stability = o['x-stability-level'];
  return {
    deprecated: o.deprecated === true,
    sunset: typeof sunset === 'string' ? sunset : sunset instanceof Date ? sunset.toISOString().slice(0, 10) : undefined,
    stability: stability === undefined || stability === null ? undefined : String(stability),
  };
}

/** Every operation of a spec, Swagger 2.0 shapes normalized to OpenAPI 3 ones. */
export function listOperations(spec: Spec): Operation[] {
  const out: Operation[] = [];
  const paths = spec.rootNode('/paths');
  if (!isObj(paths.value)) return out;
  const basePath = basePathOf(spec);
  for (const path of Object.keys(paths.value)) {
    const item = spec.deref(spec.child(paths, path));
    if (!isObj(item.value)) continue;
    const pathParams = spec.child(item, 'parameters');
    for (const method of METHODS) {
      // Places (pointers) are written only for the methods a path has.
      if (!isObj(item.value[method])) continue;
      out.push(buildOperation(spec, method, path, basePath, spec.child(item, method), pathParams));
    }
  }
  return out;
}

/** Operations of a path-item-shaped map such as `webhooks` or one callback. */
export function operationsOfItem(spec: Spec, itemRef: Node, path: string): Operation[] {
  const item = spec.deref(itemRef);
  if (!isObj(item.value)) return [];
  const out: Operation[] = [];
  for (const method of METHODS) {
    if (isObj(item.value[method])) out.push(buildOperation(spec, method, path, '', spec.child(item, method), spec.child(item, 'parameters')));
  }
  return out;
}

function buildOperation(spec: Spec, method: string, path: string, basePath: string, opNode: Node, pathParams: Node): Operation {
  const op = opNode.value as Obj;
  const parameters = new Map<string, Parameter>();
  let body2: Node | undefined;
  const formData: Parameter[] = [];
  let template: string[] | undefined;
  const addParams = (list: Node, pathLevel: boolean) => {
    if (!Array.isArray(list.value)) return;
    list.value.forEach((_, i) => {
      const node = spec.derefChild(list, i);
      const p = node.value;
      if (!isObj(p) || typeof p.name !== 'string' || typeof p.in !== 'string') return;
      if (p.in === 'body') {
        body2 = node;
        return;
      }
      const position = p.in === 'path' ? (template ??= templateNames(path)).indexOf(p.name) : -1;
      const key = p.in === 'path' && position !== -1 ? `path:#${position}` : `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
      // Written out, not spread: an object literal with spreads is built property by property at run
      // time, and this one is built for every parameter of every operation (measured 7× slower).
      const life = lifecycle(p);
      const ser = serialization(spec, p);
      const param: Parameter = {
        deprecated: life.deprecated,
        sunset: life.sunset,
        stability: life.stability,
        name: p.name,
        in: p.in,
        key,
        required: p.in === 'path' || p.required === true,
        node,
        schema: parameterSchema(spec, node),
        pathLevel,
        style: ser.style,
        explode: ser.explode,
      };
      parameters.set(key, param);
      if (p.in === 'formData') formData.push(param);
    });
  };
  addParams(pathParams, true);
  if (op.parameters !== undefined) addParams(spec.child(opNode, 'parameters'), false);

  let requestBody: RequestBody | undefined;
  if (spec.version === '2.0') {
    const consumes = mediaList(op.consumes ?? spec.value.consumes, 'application/json');
    if (body2) {
      const content = new Map<string, MediaType>();
      const schema = spec.child(body2, 'schema');
      for (const name of consumes) content.set(name, { name, node: body2, schema: schema.value === undefined ? undefined : schema });
      requestBody = { node: body2, required: (body2.value as Obj).required === true, content };
    }
  } else {
    const rb = op.requestBody === undefined ? undefined : spec.derefChild(opNode, 'requestBody');
    if (rb && isObj(rb.value)) requestBody = { node: rb, required: rb.value.required === true, content: contentOf(spec, rb) };
  }

  const responses = new Map<string, Response>();
  const resps = spec.child(opNode, 'responses');
  if (isObj(resps.value)) {
    const produces = spec.version === '2.0' ? mediaList(op.produces ?? spec.value.produces, 'application/json') : [];
    for (const status of Object.keys(resps.value)) {
      if (status.startsWith('x-')) continue;
      const node = spec.derefChild(resps, status);
      if (!isObj(node.value)) continue;
      let content: Map<string, MediaType>;
      if (spec.version === '2.0') {
        content = new Map();
        const schema = spec.child(node, 'schema');
        if (schema.value !== undefined) for (const name of produces) content.set(name, { name, node, schema });
      } else content = contentOf(spec, node);
      const headers = new Map<string, Header>();
      if (isObj(node.value.headers)) {
        const hs = spec.child(node, 'headers');
        for (const name of Object.keys(node.value.headers)) {
          const h = spec.derefChild(hs, name);
          if (!isObj(h.value)) continue;
          headers.set(name.toLowerCase(), { name, node: h, required: h.value.required === true, schema: spec.version === '2.0' ? h : schemaOf(spec, h) });
        }
      }
      responses.set(String(status), { status: String(status), node, headers, content });
    }
  }
  const life = lifecycle(op);
  return {
    deprecated: life.deprecated,
    sunset: life.sunset,
    stability: life.stability,
    method,
    path,
    basePath,
    node: opNode,
    operationId: typeof op.operationId === 'string' ? op.operationId : undefined,
    parameters,
    requestBody,
    responses,
    security: op.security === undefined ? undefined : spec.child(opNode, 'security'),
    callbacks: op.callbacks === undefined ? undefined : spec.child(opNode, 'callbacks'),
  };
}

/**
 * OpenAPI 3 defaults: `form` for query and cookie, `simple` for path and header; `explode` defaults
 * to true only for `form`. Swagger 2.0's `collectionFormat: multi` is form/explode, anything else
 * (csv by default) is not exploded.
 */
function serialization(spec: Spec, p: Obj): { style: string; explode: boolean } {
  if (spec.version === '2.0') {
    const format = typeof p.collectionFormat === 'string' ? p.collectionFormat : 'csv';
    return p.in === 'query' || p.in === 'formData' ? { style: format === 'multi' ? 'form' : format, explode: format === 'multi' } : { style: 'simple', explode: false };
  }
  const style = typeof p.style === 'string' ? p.style : p.in === 'query' || p.in === 'cookie' ? 'form' : 'simple';
  return { style, explode: typeof p.explode === 'boolean' ? p.explode : style === 'form' };
}

function optional(node: Node): Node | undefined {
  return node.value === undefined ? undefined : node;
}

function parameterSchema(spec: Spec, param: Node): Node | undefined {
  if (spec.version === '2.0') return param;
  const p = param.value as Obj;
  if (p.schema !== undefined) return spec.child(param, 'schema');
  if (isObj(p.content)) {
    const first = Object.keys(p.content)[0];
    if (first !== undefined) return optional(spec.child(param, 'content', first, 'schema'));
  }
  return undefined;
}

/** The media types of an object's `content` (a request body or response). */
function contentOf(spec: Spec, owner: Node): Map<string, MediaType> {
  const out = new Map<string, MediaType>();
  const value = (owner.value as Obj).content;
  if (!isObj(value)) return out;
  const content = spec.child(owner, 'content');
  for (const name of Object.keys(value)) {
    const node = spec.child(content, name);
    out.set(name, { name, node, schema: schemaOf(spec, node) });
  }
  return out;
}

/** `optional(spec.child(node, 'schema'))`, writing the place only when there is a schema. */
function schemaOf(spec: Spec, node: Node): Node | undefined {
  const v = node.value;
  return (isObj(v) || Array.isArray(v)) && (v as Obj).schema !== undefined ? spec.child(node, 'schema') : undefined;
}

/** Names of a path template's parameters, in order: `/a/{x}/b/{y}` → x, y. */
function templateNames(path: string): string[] {
  const names: string[] = [];
  const re = /\{([^}]*)\}/g;
  for (let m = re.exec(path); m; m = re.exec(path)) names.push(m[1]);
  return names;
}

function mediaList(value: unknown, fallback: string): string[] {
  return Array.isArray(value) && value.length ? value.filter((x): x is string => typeof x === 'string') : [fallback];
}
