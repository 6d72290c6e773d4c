import type { OperationInput, OperationSpec, ParamSpec } from '../../adapter-runtime/index.js';
import type { ParsedDocument } from '../../core/document.js';
import { loadOpenApi } from '../../contract/openapi/load-openapi.js';
import { listOperations, type Operation } from '../../contract/openapi/operations.js';

const STYLES = new Set<ParamSpec['style']>(['form', 'deepObject', 'simple', 'spaceDelimited', 'pipeDelimited']);
const JSON_MEDIA = /^application\/(.+\+)?json\b/;

/** The operations of one applied API description by operationId, read once per description. */
export type OperationIndex = ReadonlyMap<string, OperationSpec>;

function toSpec(op: Operation, operationId: string): OperationSpec {
  const params: ParamSpec[] = [];
  for (const p of op.parameters.values()) {
    if (p.in !== 'path' && p.in !== 'query' && p.in !== 'header') continue;
    params.push({ name: p.name, in: p.in, required: p.required, style: STYLES.has(p.style as ParamSpec['style']) ? (p.style as ParamSpec['style']) : 'form', explode: p.explode });
  }
  const out: OperationSpec = { operationId, method: op.method.toUpperCase(), path: op.path, params };
  const media = op.requestBody ? [...op.requestBody.content.keys()] : [];
  const contentType = media.find((m) => JSON_MEDIA.test(m)) ?? media[0];
  if (op.requestBody && contentType) out.body = { contentType, required: op.requestBody.required };
  return out;
}

/**
 * Reads an OpenAPI description (the parsed document of an applied Contract) into the operation specs
 * the adapter runtime sends with — the same shape generated adapters carry. Undefined when the value is
 * not a usable description. External `$ref`s are not followed (the runtime holds one document).
 */
export function indexOperations(document: unknown, file = 'contract'): OperationIndex | undefined {
  const doc: ParsedDocument = { file, index: 0, value: document, locate: () => ({ line: 1, column: 1 }) };
  const loaded = loadOpenApi(doc);
  if (!loaded.value) return undefined;
  const out = new Map<string, OperationSpec>();
  for (const op of listOperations(loaded.value)) if (op.operationId) out.set(op.operationId, toSpec(op, op.operationId));
  return out;
}

/**
 * Sorts a rendered `with` mapping into the operation's input: a key naming a path, query or header
 * parameter sets it; every other key is a dotted path into the body (`fields.project.key`).
 */
export function operationInput(op: OperationSpec, request: Record<string, unknown>): OperationInput {
  const input: OperationInput = {};
  let body: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(request)) {
    const param = op.params.find((p) => p.name === key || (p.in === 'header' && p.name.toLowerCase() === key.toLowerCase()));
    if (param) {
      const group = param.in === 'path' ? (input.path ??= {}) : param.in === 'query' ? (input.query ??= {}) : (input.headers ??= {});
      group[param.name] = value;
      continue;
    }
    body ??= {};
    const segments = key.split('.');
    let target = body;
    for (const segment of segments.slice(0, -1)) {
      const next = target[segment];
      target = (next !== null && typeof next === 'object' && !Array.isArray(next) ? next : (target[segment] = {})) as Record<string, unknown>;
    }
    target[segments[segments.length - 1]] = value;
  }
  if (body) input.body = body;
  return input;
}
