import type { OperationSpec, ParamSpec } from '../../adapter-runtime/index.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function deref(doc: Obj, value: unknown): unknown {
  let v = value;
  for (let i = 0; i < 10 && isObj(v) && typeof v.$ref === 'string' && v.$ref.startsWith('#/'); i++) {
    let at: unknown = doc;
    for (const seg of v.$ref.slice(2).split('/')) at = isObj(at) ? at[seg.replaceAll('~1', '/').replaceAll('~0', '~')] : undefined;
    v = at;
  }
  return v;
}

function param(doc: Obj, raw: unknown): ParamSpec | null {
  const p = deref(doc, raw);
  if (!isObj(p) || typeof p.name !== 'string' || !['path', 'query', 'header'].includes(String(p.in))) return null;
  const style = typeof p.style === 'string' ? p.style : p.in === 'query' ? 'form' : 'simple';
  return { name: p.name, in: p.in as ParamSpec['in'], required: p.required === true, style: style as ParamSpec['style'], explode: typeof p.explode === 'boolean' ? p.explode : style === 'form' };
}

/**
 * The adapter runtime's description of one OpenAPI operation, read from the contract's document: method,
 * path, parameters (the operation's win over the path item's) and the request body's media type (JSON
 * preferred). Null when the document has no such operationId.
 */
export function operationSpec(document: unknown, operationId: string): OperationSpec | null {
  if (!isObj(document) || !isObj(document.paths)) return null;
  for (const [path, rawItem] of Object.entries(document.paths)) {
    const item = deref(document, rawItem);
    if (!isObj(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isObj(op) || op.operationId !== operationId) continue;
      const params = new Map<string, ParamSpec>();
      for (const raw of [...(Array.isArray(item.parameters) ? item.parameters : []), ...(Array.isArray(op.parameters) ? op.parameters : [])]) {
        const p = param(document, raw);
        if (p) params.set(`${p.in}:${p.name}`, p);
      }
      const spec: OperationSpec = { operationId, method: method.toUpperCase(), path, params: [...params.values()] };
      const body = deref(document, op.requestBody);
      if (isObj(body) && isObj(body.content)) {
        const types = Object.keys(body.content);
        const contentType = types.find((t) => /json/i.test(t)) ?? types[0];
        if (contentType) spec.body = { contentType, required: body.required === true };
      }
      return spec;
    }
  }
  return null;
}
