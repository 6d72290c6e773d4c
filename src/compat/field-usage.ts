/**
 * Field-level usage: the response fields a connector reads and the request fields it sends
 * (`spec.reads` / `spec.sends` of an Integration, per operationId). A change that is only a warning
 * for the API in general is breaking for a connector that touches the field, and info when every
 * connector of the operation declared its fields and none touches this one.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { diagnosticAt } from '../core/document.js';
import { appendPointer } from '../core/pointer.js';
import type { Integration } from '../core/resources.js';
import type { Change } from './change.js';
import { listOperations, type Operation } from '../contract/openapi/operations.js';
import { isObj, type Node, type Spec } from '../contract/openapi/spec.js';

export type FieldUseKind = 'reads' | 'sends';

export interface FieldUse {
  integration: Integration;
  kind: FieldUseKind;
  operationId: string;
  /** As written. */
  field: string;
  /** Path segments; array levels are not segments. */
  segments: string[];
  /** Where the declaration is, in the integration file. */
  pointer: string;
}

/** `fields.summary` or `/fields/summary` → `['fields', 'summary']`. */
export function fieldSegments(field: string): string[] {
  const parts = field.startsWith('/') ? field.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~')) : field.split('.');
  return parts.filter((p) => p !== '' && p !== 'items' && !/^\d+$/.test(p));
}

/** Every declared read and send of the integrations speaking a contract. */
export function declaredFieldUses(integrations: Integration[]): FieldUse[] {
  const out: FieldUse[] = [];
  for (const integration of integrations) {
    for (const kind of ['reads', 'sends'] as const) {
      const map = integration.manifest.spec[kind];
      if (!map) continue;
      for (const [operationId, fields] of Object.entries(map)) {
        fields.forEach((field, i) => out.push({ integration, kind, operationId, field, segments: fieldSegments(field), pointer: appendPointer('/spec', kind, operationId, i) }));
      }
    }
  }
  return out;
}

/** Declarations are checked against the head contract: the operation and each field must exist. */
export function validateFieldUses(spec: Spec, uses: FieldUse[], contract: string): Diagnostic[] {
  const byId = new Map<string, Operation>();
  for (const op of listOperations(spec)) if (op.operationId) byId.set(op.operationId, op);
  const out: Diagnostic[] = [];
  const reportedOps = new Set<string>();
  for (const use of uses) {
    const op = byId.get(use.operationId);
    if (!op) {
      const key = `${use.integration.name}|${use.kind}|${use.operationId}`;
      if (!reportedOps.has(key)) {
        reportedOps.add(key);
        out.push(diagnosticAt(use.integration.doc, appendPointer('/spec', use.kind, use.operationId), { severity: 'error', code: 'integration-field-unknown-operation', message: `${use.integration.name} ${use.kind} fields of operation '${use.operationId}', which contract ${contract} does not have`, data: { integration: use.integration.name, operationId: use.operationId, contract } }));
      }
      continue;
    }
    const roots = use.kind === 'reads' ? responseSchemas(op) : requestSchemas(op);
    if (!roots.some((root) => hasField(spec, root, use.segments))) {
      const where = use.kind === 'reads' ? 'the success responses' : 'the request body';
      out.push(diagnosticAt(use.integration.doc, use.pointer, { severity: 'error', code: 'integration-field-unknown', message: `${use.integration.name} ${use.kind === 'reads' ? 'reads' : 'sends'} '${use.field}' of ${use.operationId}, but ${where} of contract ${contract} has no such field (fields are dotted paths or JSON pointers into the body)`, data: { integration: use.integration.name, operationId: use.operationId, field: use.field, contract } }));
    }
  }
  return out;
}

function responseSchemas(op: Operation): Node[] {
  const out: Node[] = [];
  for (const [status, r] of op.responses) if (/^2/.test(status)) for (const m of r.content.values()) if (m.schema) out.push(m.schema);
  return out;
}

function requestSchemas(op: Operation): Node[] {
  return op.requestBody ? [...op.requestBody.content.values()].flatMap((m) => (m.schema ? [m.schema] : [])) : [];
}

/** Follows the path through properties, `$ref`s, compositions and array items (bounded: schemas may be recursive). */
function hasField(spec: Spec, node: Node, segments: string[], depth = 0): boolean {
  if (depth > 64) return false;
  const n = spec.deref(node);
  const v = n.value;
  if (!isObj(v)) return false;
  if (!segments.length) return true;
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (Array.isArray(v[k]) && (v[k] as unknown[]).some((_, i) => hasField(spec, spec.child(n, k, i), segments, depth + 1))) return true;
  }
  if (isObj(v.items) && hasField(spec, spec.child(n, 'items'), segments, depth + 1)) return true;
  const [head, ...rest] = segments;
  if (isObj(v.properties) && head in v.properties) return hasField(spec, spec.child(n, 'properties', head), rest, depth + 1);
  if (isObj(v.additionalProperties)) return hasField(spec, spec.child(n, 'additionalProperties'), rest, depth + 1);
  return false;
}

function prefixOf(a: string[], b: string[]): boolean {
  return a.length <= b.length && a.every((s, i) => s === b[i]);
}

/** Operation ids a change affects (its own, or every one a shared component change reaches). */
export function affectedOperationIds(change: Change): string[] {
  const ops = change.data?.operations;
  if (Array.isArray(ops)) return ops.map((o: { operationId?: string }) => o.operationId).filter((x): x is string => typeof x === 'string');
  return typeof change.data?.operationId === 'string' ? [change.data.operationId] : [];
}

/**
 * Judges a warning against the declared fields: breaking when a connector reads (response) or sends
 * (request) the field or one of its parents or children; info when every integration that uses an
 * affected operation declared its fields for it and none touches this one; unchanged otherwise.
 */
export function judgeFieldUsage(change: Change, uses: FieldUse[], usersOf: (operationId: string) => Integration[]): Change {
  if (change.level !== 'warning' || change.data?.property === undefined || !change.data.direction) return change;
  const kind: FieldUseKind = change.data.direction === 'response' ? 'reads' : 'sends';
  const segments = fieldSegments(change.data.property);
  const ops = affectedOperationIds(change);
  const touching = uses.filter((u) => u.kind === kind && ops.includes(u.operationId) && (prefixOf(u.segments, segments) || prefixOf(segments, u.segments)));
  if (touching.length) {
    return { ...change, level: 'breaking', data: { ...change.data, fieldUsers: touching.map((u) => ({ integration: u.integration.name, operationId: u.operationId, field: u.field, kind })) } };
  }
  const declaredByAll = ops.length > 0 && ops.every((id) => usersOf(id).every((i) => Array.isArray(i.manifest.spec[kind]?.[id]))) && ops.some((id) => usersOf(id).length > 0);
  if (declaredByAll) {
    return { ...change, level: 'info', status: 'unused', data: { ...change.data, unused: { field: kind } } };
  }
  return change;
}
