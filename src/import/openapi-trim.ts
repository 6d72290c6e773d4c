/**
 * Trims a vendor's full OpenAPI description (2.0, 3.0 or 3.1) to the operations a workspace uses: those
 * operations, every component they reach through `$ref` (and discriminator mappings), and the document's
 * info, servers, security and security schemes. Pure: a parsed document in, a document out.
 */
import { HTTP_METHODS } from '../core/http.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Top-level keys kept as they are (everything about the API but its operations and components). */
const KEPT_TOP = ['openapi', 'swagger', 'info', 'jsonSchemaDialect', 'servers', 'host', 'basePath', 'schemes', 'consumes', 'produces', 'security', 'externalDocs'];

/** Path item keys that are not operations and belong to every operation under the path. */
const PATH_ITEM_SHARED = ['summary', 'description', 'servers', 'parameters', '$ref'];

export interface OperationRef {
  operationId: string;
  method: string;
  path: string;
}

export type TrimResult =
  | { ok: true; document: JsonObject; operations: OperationRef[]; stats: TrimStats; externalRefs: string[] }
  | { ok: false; unknown: string[]; suggestions: Record<string, string[]> };

export interface TrimStats {
  operations: { kept: number; total: number };
  components: { kept: number; total: number };
}

function isObject(v: Json | undefined): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Every operation of the document by operationId. */
export function listOperations(doc: JsonObject): Map<string, OperationRef> {
  const ops = new Map<string, OperationRef>();
  const paths = doc.paths;
  if (!isObject(paths)) return ops;
  for (const [p, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (isObject(op) && typeof op.operationId === 'string' && !ops.has(op.operationId)) ops.set(op.operationId, { operationId: op.operationId, method, path: p });
    }
  }
  return ops;
}

/**
 * The unit a local `$ref` keeps: a whole named component (`/components/schemas/Pet`, `/definitions/Pet`,
 * `/parameters/limit`), or for a reference into paths, that path's operation. A pointer deeper into a
 * component keeps the whole component.
 */
function unitOf(pointer: string): string[] | undefined {
  const parts = pointer.split('/').slice(1).map(unescapePointer);
  if (parts[0] === 'components' && parts.length >= 3) return parts.slice(0, 3);
  if (['definitions', 'parameters', 'responses', 'securityDefinitions'].includes(parts[0]) && parts.length >= 2) return parts.slice(0, 2);
  if (parts[0] === 'paths' && parts.length >= 2) return parts.slice(0, Math.min(parts.length, 3));
  return undefined;
}

function getAt(doc: JsonObject, parts: string[]): Json | undefined {
  let node: Json | undefined = doc;
  for (const p of parts) {
    if (Array.isArray(node)) node = node[Number(p)];
    else if (isObject(node)) node = node[p];
    else return undefined;
  }
  return node;
}

function setAt(doc: JsonObject, parts: string[], value: Json): void {
  let node: JsonObject = doc;
  for (const p of parts.slice(0, -1)) {
    if (!isObject(node[p])) node[p] = {};
    node = node[p] as JsonObject;
  }
  node[parts[parts.length - 1]] = value;
}

/** Local references in a node: `$ref` values and OpenAPI 3 discriminator mappings; other refs separately. */
function collectRefs(node: Json, local: Set<string>, external: Set<string>): void {
  const stack: Json[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (Array.isArray(n)) {
      for (const c of n) if (c !== null && typeof c === 'object') stack.push(c);
      continue;
    }
    if (!isObject(n)) continue;
    for (const [k, v] of Object.entries(n)) {
      if (k === '$ref' && typeof v === 'string') (v.startsWith('#/') ? local : external).add(v);
      else if (k === 'discriminator' && isObject(v) && isObject(v.mapping)) {
        for (const target of Object.values(v.mapping)) if (typeof target === 'string' && target.startsWith('#/')) local.add(target);
      }
      if (v !== null && typeof v === 'object') stack.push(v);
    }
  }
}

function countComponents(doc: JsonObject): number {
  let n = 0;
  if (isObject(doc.components)) for (const group of Object.values(doc.components)) if (isObject(group)) n += Object.keys(group).length;
  for (const k of ['definitions', 'parameters', 'responses']) if (isObject(doc[k])) n += Object.keys(doc[k]).length;
  return n;
}

/** The known ids closest to an unknown one (edit distance), for the error message. */
export function closest(id: string, known: readonly string[], max = 3): string[] {
  const limit = Math.max(2, Math.floor(id.length / 3));
  return known
    .map((k) => ({ k, d: distance(id.toLowerCase(), k.toLowerCase()) }))
    .filter((s) => s.d <= limit)
    .sort((a, b) => a.d - b.d || (a.k < b.k ? -1 : 1))
    .slice(0, max)
    .map((s) => s.k);
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

export function trimOpenApi(doc: JsonObject, uses: readonly string[]): TrimResult {
  const all = listOperations(doc);
  const unknown = uses.filter((id) => !all.has(id));
  if (unknown.length) {
    const known = [...all.keys()];
    return { ok: false, unknown, suggestions: Object.fromEntries(unknown.map((id) => [id, closest(id, known)])) };
  }
  const out: JsonObject = {};
  for (const k of KEPT_TOP) if (doc[k] !== undefined) out[k] = doc[k];

  const operations = uses.map((id) => all.get(id)!);
  const paths = doc.paths as JsonObject;
  const trimmedPaths: JsonObject = {};
  const tags = new Set<string>();
  for (const op of operations) {
    const item = paths[op.path] as JsonObject;
    const kept = (trimmedPaths[op.path] ??= Object.fromEntries(PATH_ITEM_SHARED.filter((k) => item[k] !== undefined).map((k) => [k, item[k]]))) as JsonObject;
    const operation = item[op.method] as JsonObject;
    kept[op.method] = operation;
    if (Array.isArray(operation.tags)) for (const t of operation.tags) if (typeof t === 'string') tags.add(t);
  }
  // Keep the vendor's path order.
  out.paths = Object.fromEntries(Object.keys(paths).filter((p) => p in trimmedPaths).map((p) => [p, trimmedPaths[p]]));

  // The $ref closure, unit by unit, from the kept paths.
  const local = new Set<string>();
  const external = new Set<string>();
  collectRefs(out.paths, local, external);
  const keptUnits = new Set<string>();
  const queue = [...local];
  while (queue.length) {
    const ref = queue.pop()!;
    const unit = unitOf(ref.slice(1));
    if (!unit) continue;
    const key = unit.join('\u0000');
    if (keptUnits.has(key)) continue;
    keptUnits.add(key);
    const node = getAt(doc, unit);
    if (node === undefined) continue; // a dangling $ref stays dangling; validation reports it, located
    setAt(out, unit, node);
    const found = new Set<string>();
    collectRefs(node, found, external);
    for (const r of found) queue.push(r);
  }

  // Every security scheme: they are few and small, and an integration may authenticate with any of them.
  if (isObject(doc.components) && isObject(doc.components.securitySchemes)) setAt(out, ['components', 'securitySchemes'], doc.components.securitySchemes);
  if (isObject(doc.securityDefinitions)) out.securityDefinitions = doc.securityDefinitions;
  if (Array.isArray(doc.tags)) {
    const keptTags = doc.tags.filter((t) => isObject(t) && typeof t.name === 'string' && tags.has(t.name));
    if (keptTags.length) out.tags = keptTags;
  }
  // Components in the vendor's order, whatever order the closure found them in.
  sortLike(out, doc, ['components'], 2);
  for (const k of ['definitions', 'parameters', 'responses', 'securityDefinitions']) sortLike(out, doc, [k], 1);

  return {
    ok: true,
    document: reorder(out, doc),
    operations,
    externalRefs: [...external].sort(),
    stats: { operations: { kept: operations.length, total: all.size }, components: { kept: countComponents(out), total: countComponents(doc) } },
  };
}

/** Orders the keys of `out` at `at` (and `depth - 1` levels below) as in `source`. */
function sortLike(out: JsonObject, source: JsonObject, at: string[], depth: number): void {
  const node = getAt(out, at);
  const model = getAt(source, at);
  if (!isObject(node) || !isObject(model)) return;
  const order = Object.keys(model);
  const sorted = Object.fromEntries(order.filter((k) => k in node).map((k) => [k, node[k]]));
  setAt(out, at, sorted);
  if (depth > 1) for (const k of Object.keys(sorted)) sortLike(out, source, [...at, k], depth - 1);
}

/** Top-level keys in the source's order. */
function reorder(out: JsonObject, source: JsonObject): JsonObject {
  const keys = Object.keys(source).filter((k) => k in out);
  for (const k of Object.keys(out)) if (!keys.includes(k)) keys.push(k);
  return Object.fromEntries(keys.map((k) => [k, out[k]]));
}
