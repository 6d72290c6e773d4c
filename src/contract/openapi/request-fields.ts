import { listOperations, type Operation, type Parameter } from './operations.js';
import { isObj, type Node, type Spec } from './spec.js';

/**
 * The request of one operation as a set of named fields, for checking what an action maps into it:
 * parameters by name (path, query, header) and the JSON body by dotted property path (`fields.project.key`).
 */
export interface RequestField {
  key: string;
  in: 'path' | 'query' | 'header' | 'body';
  schema?: Node;
}

export type FieldLookup = { field: RequestField } | { missing: string; candidates: string[] };

/** Nesting followed through `allOf` and `$ref`s before a schema counts as opaque. */
const MAX_DEPTH = 16;

export function findOperation(spec: Spec, operationId: string): Operation | undefined {
  return listOperations(spec).find((op) => op.operationId === operationId);
}

/** Parameters an action may set by name (cookies are the adapter's business). */
function mappableParameters(op: Operation): Parameter[] {
  return [...op.parameters.values()].filter((p) => p.in === 'path' || p.in === 'query' || p.in === 'header');
}

/** The schema of the body's JSON media type (or its only one). */
export function bodySchema(op: Operation): Node | undefined {
  const content = op.requestBody?.content;
  if (!content) return undefined;
  const media = [...content.values()];
  const json = media.find((m) => /^application\/(.+\+)?json\b/.test(m.name)) ?? media[0];
  return json?.schema;
}

/** Looks a mapped key up: a parameter name first, then a dotted path into the body. */
export function lookupRequestField(spec: Spec, op: Operation, key: string): FieldLookup {
  const param = mappableParameters(op).find((p) => p.name === key || (p.in === 'header' && p.name.toLowerCase() === key.toLowerCase()));
  if (param) return { field: { key, in: param.in as RequestField['in'], ...(param.schema ? { schema: param.schema } : {}) } };
  const names = mappableParameters(op).map((p) => p.name);
  let node = bodySchema(op);
  if (!node) return { missing: key, candidates: names };
  const segments = key.split('.');
  for (let i = 0; i < segments.length; i++) {
    const view = objectView(spec, node);
    const next = view.properties.get(segments[i]) ?? (view.additional === true ? undefined : view.additional);
    if (next) {
      node = next;
      continue;
    }
    if (view.additional === true || view.opaque) return { field: { key, in: 'body' } };
    const prefix = segments.slice(0, i).join('.');
    const candidates = [...view.properties.keys()].map((p) => (prefix ? `${prefix}.${p}` : p));
    return { missing: segments.slice(0, i + 1).join('.'), candidates: i === 0 ? [...names, ...candidates] : candidates };
  }
  return { field: { key, in: 'body', schema: node } };
}

/**
 * Request fields that must be set but are not, given the mapped keys: required parameters, the required
 * top-level body properties when the body is required or mapped at all, and the required properties of
 * every object the mapping reaches into (mapping `fields.summary` needs what `fields` requires).
 */
export function unmappedRequiredFields(spec: Spec, op: Operation, keys: readonly string[]): string[] {
  const set = new Set(keys);
  const out: string[] = [];
  for (const p of mappableParameters(op)) if (p.required && !set.has(p.name)) out.push(p.name);
  const body = bodySchema(op);
  if (!body) return out;
  const bodyKeys = keys.filter((k) => !mappableParameters(op).some((p) => p.name === k));
  const covered = (path: string) => bodyKeys.some((k) => k === path || k.startsWith(path + '.'));
  const visit = (node: Node, prefix: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    const view = objectView(spec, node);
    for (const name of view.required) {
      const path = prefix ? `${prefix}.${name}` : name;
      if (!covered(path)) out.push(path);
    }
    for (const [name, child] of view.properties) {
      const path = prefix ? `${prefix}.${name}` : name;
      // A whole object mapped from one value is checked when it is sent, not here.
      if (!set.has(path) && covered(path)) visit(child, path, depth + 1);
    }
  };
  if (op.requestBody?.required || bodyKeys.length) visit(body, '', 0);
  return out;
}

interface ObjectView {
  properties: Map<string, Node>;
  required: string[];
  /** `additionalProperties`: a schema, `true` (anything), or undefined (none declared). */
  additional?: Node | true;
  /** A schema this walk cannot see into (a `oneOf`, an unresolved ref): any path below is accepted. */
  opaque: boolean;
}

/** Properties and required names of an object schema, merging `allOf` and following `$ref`s. */
export function objectView(spec: Spec, node: Node, depth = 0): ObjectView {
  const view: ObjectView = { properties: new Map(), required: [], opaque: false };
  const target = spec.deref(node);
  const s = target.value;
  if (!isObj(s) || depth > MAX_DEPTH) return { ...view, opaque: true };
  if (Array.isArray(s.oneOf) || Array.isArray(s.anyOf)) view.opaque = true;
  if (isObj(s.properties)) for (const name of Object.keys(s.properties)) view.properties.set(name, spec.child(target, 'properties', name));
  if (Array.isArray(s.required)) view.required.push(...s.required.filter((r): r is string => typeof r === 'string'));
  if (s.additionalProperties === true) view.additional = true;
  else if (isObj(s.additionalProperties)) view.additional = spec.child(target, 'additionalProperties');
  if (Array.isArray(s.allOf)) {
    s.allOf.forEach((_, i) => {
      const part = objectView(spec, spec.child(target, 'allOf', i), depth + 1);
      for (const [name, p] of part.properties) if (!view.properties.has(name)) view.properties.set(name, p);
      view.required.push(...part.required.filter((r) => !view.required.includes(r)));
      view.additional ??= part.additional;
      view.opaque ||= part.opaque;
    });
  }
  return view;
}

/** JSON types a schema admits (empty: any), with its enum if it has one. */
export function schemaTypes(spec: Spec, node: Node | undefined, depth = 0): { types: string[]; enum?: unknown[] } {
  if (!node || depth > MAX_DEPTH) return { types: [] };
  const s = spec.deref(node).value;
  if (!isObj(s)) return { types: [] };
  const types = typeof s.type === 'string' ? [s.type] : Array.isArray(s.type) ? s.type.filter((t): t is string => typeof t === 'string') : [];
  if (s.nullable === true && types.length) types.push('null');
  const result: { types: string[]; enum?: unknown[] } = { types, ...(Array.isArray(s.enum) ? { enum: s.enum } : {}) };
  if (!types.length && Array.isArray(s.allOf)) {
    for (let i = 0; i < s.allOf.length && !result.types.length; i++) {
      const part = schemaTypes(spec, spec.child(spec.deref(node), 'allOf', i), depth + 1);
      if (part.types.length) Object.assign(result, part);
    }
  }
  if (!result.types.length && isObj(s.properties)) result.types = ['object'];
  return result;
}
