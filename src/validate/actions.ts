import { EVENT_FIELDS, parseTemplate, type TemplateRef, type TemplateRoot } from '../core/action-template.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { diagnosticAt } from '../core/document.js';
import { matchesPattern } from '../core/event-pattern.js';
import { appendPointer } from '../core/pointer.js';
import type { Integration } from '../core/resources.js';
import { closestMatches } from '../core/suggest.js';
import type { Operation } from '../contract/openapi/operations.js';
import { findOperation, lookupRequestField, objectView, schemaTypes, unmappedRequiredFields } from '../contract/openapi/request-fields.js';
import type { Node, Spec } from '../contract/openapi/spec.js';
import { openApiSpec, workspaceRefReader } from '../contract/openapi/usable-openapi.js';
import type { WorkspaceModel } from './model.js';

type Action = NonNullable<Integration['manifest']['spec']['actions']>[number];

/**
 * `spec.actions` against the contract: the operation exists and is in `uses`, each mapped key is a field of
 * its request, literals fit the field's type, required fields are mapped, templates read the event (and in
 * `emit`, the 2xx answer), and `on` is an event the integration receives.
 */
export function checkActions(model: WorkspaceModel): Diagnostic[] {
  const out: Diagnostic[] = [];
  const emitted = new Set<string>();
  for (const i of model.integrations.values()) for (const a of i.manifest.spec.actions ?? []) if (a.emit) emitted.add(a.emit.event);
  for (const integration of model.integrations.values()) {
    const actions = integration.manifest.spec.actions ?? [];
    if (!actions.length) continue;
    const spec = openApiOf(model, integration);
    actions.forEach((action, n) => out.push(...checkAction(model, integration, action, appendPointer('/spec/actions', n), spec, emitted)));
  }
  return out;
}

function openApiOf(model: WorkspaceModel, integration: Integration): Spec | 'graphql' | undefined {
  const api = model.apis.get(integration.manifest.spec.contract.ref);
  if (api?.format === 'graphql') return 'graphql';
  if (!api?.doc) return undefined; // a missing contract or source is reported by the reference checks
  return openApiSpec(api.doc, workspaceRefReader(model.workspace.apiDocuments)).value;
}

function checkAction(model: WorkspaceModel, integration: Integration, action: Action, at: string, spec: Spec | 'graphql' | undefined, emitted: Set<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const doc = integration.doc;
  const report = (pointer: string, code: string, message: string, suggest: string[] = [], data: Record<string, unknown> = {}) =>
    out.push(diagnosticAt(doc, pointer, { severity: 'error', code, message, ...(suggest.length ? { suggest } : {}), data: { integration: integration.name, ...data } }));
  const iSpec = integration.manifest.spec;

  const received = [...(iSpec.events?.subscribe ?? []), ...(iSpec.schedule !== undefined ? [`${integration.name}.scheduled`] : [])];
  const subscribed = received.some((p) => p === action.on || (!action.on.includes('*') && matchesPattern(p, action.on)));
  if (!subscribed) {
    const known = [...received, ...emitted];
    report(appendPointer(at, 'on'), 'action-event-not-subscribed', `Action on '${action.on}' never runs: integration '${integration.name}' does not subscribe to it (add it to events.subscribe)`, closestMatches(action.on, known), { event: action.on });
  }

  const loop = action.emit && (iSpec.actions ?? []).find((other) => other.on === action.emit?.event || matchesPattern(other.on, action.emit?.event ?? ''));
  if (action.emit && loop) {
    report(appendPointer(at, 'emit', 'event'), 'action-emit-loop', `Emitting '${action.emit.event}' would trigger this integration's action on '${loop.on}' again, in a loop`, [], { event: action.emit.event });
  }

  for (const [key, value] of Object.entries(action.with)) checkTemplate(report, appendPointer(at, 'with', key), value, ['event']);
  for (const [key, value] of Object.entries(action.emit?.with ?? {})) checkTemplate(report, appendPointer(at, 'emit', 'with', key), value, ['event', 'response']);

  if (spec === 'graphql') {
    report(appendPointer(at, 'call'), 'action-unsupported-contract', `Actions call OpenAPI operations; contract '${iSpec.contract.ref}' is GraphQL`);
    return out;
  }
  if (!spec) return out;
  const op = findOperation(spec, action.call);
  if (!op) {
    const ids = [...(model.apis.get(iSpec.contract.ref)?.operations.keys() ?? [])];
    report(appendPointer(at, 'call'), 'action-unknown-operation', `Operation '${action.call}' does not exist in contract '${iSpec.contract.ref}'`, closestMatches(action.call, ids), { operation: action.call });
    return out;
  }
  if (!(iSpec.uses ?? []).includes(action.call)) {
    report(appendPointer(at, 'call'), 'action-operation-not-used', `Operation '${action.call}' is not in uses; add it there, since the generated adapter only calls the operations listed in uses`, [], { operation: action.call });
  }
  // A misspelt key already explains why the field it meant is unmapped.
  const meant = new Set<string>();
  for (const [key, value] of Object.entries(action.with)) {
    const pointer = appendPointer(at, 'with', key);
    const found = lookupRequestField(spec, op, key);
    if ('missing' in found) {
      const suggest = closestMatches(found.missing, found.candidates);
      suggest.forEach((s) => meant.add(s));
      report(pointer, 'action-unknown-field', `'${key}' is not a field of the ${op.method.toUpperCase()} ${op.path} request of '${action.call}'${found.missing !== key ? ` (no '${found.missing}')` : ''}`, suggest, { operation: action.call, field: key });
      continue;
    }
    const mismatch = typeMismatch(spec, found.field.schema, value);
    if (mismatch) report(pointer, 'action-type-mismatch', `'${key}' of '${action.call}' ${mismatch}`, [], { operation: action.call, field: key });
  }
  const unmapped = unmappedRequiredFields(spec, op, Object.keys(action.with)).filter((f) => !meant.has(f));
  if (unmapped.length) {
    report(appendPointer(at, 'with'), 'action-required-field', `'${action.call}' requires ${unmapped.map((f) => `'${f}'`).join(', ')}, which ${unmapped.length === 1 ? 'is' : 'are'} not mapped`, [], { operation: action.call, fields: unmapped });
  }
  for (const [key, value] of Object.entries(action.emit?.with ?? {})) {
    const parsed = parseTemplate(value, ['event', 'response']);
    const refs = parsed.kind === 'value' ? [parsed.ref] : parsed.kind === 'text' ? parsed.refs : [];
    for (const ref of refs.filter((r) => r.root === 'response')) {
      const missing = missingResponsePath(spec, op, ref.path);
      if (missing) report(appendPointer(at, 'emit', 'with', key), 'action-unknown-response-field', `'{{response.${ref.path.join('.')}}}': the answer of '${action.call}' has no '${missing.missing}'`, closestMatches(missing.missing, missing.candidates), { operation: action.call });
    }
  }
  return out;
}

type Report = (pointer: string, code: string, message: string, suggest?: string[], data?: Record<string, unknown>) => void;

function checkTemplate(report: Report, pointer: string, value: unknown, roots: readonly TemplateRoot[]): void {
  const parsed = parseTemplate(value, roots);
  if (parsed.kind === 'invalid') {
    report(pointer, 'action-invalid-template', `Template ${parsed.reason.message}`, parsed.reason.suggest);
    return;
  }
  const refs: TemplateRef[] = parsed.kind === 'value' ? [parsed.ref] : parsed.kind === 'text' ? parsed.refs : [];
  for (const ref of refs.filter((r) => r.root === 'event')) {
    const first = ref.path[0];
    if (first === undefined || !(EVENT_FIELDS as readonly string[]).includes(first) || (first !== 'data' && ref.path.length > 1)) {
      report(pointer, 'action-invalid-template', `'{{event.${ref.path.join('.')}}}' is not a field of an event (${EVENT_FIELDS.map((f) => `event.${f}`).join(', ')}; payload fields are under event.data)`, closestMatches(first ?? '', EVENT_FIELDS).map((f) => `event.${f}`));
    }
  }
}

const jsonType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);

/** Why a mapped value cannot fit the field's schema, or undefined. A whole-value template is checked at run time. */
function typeMismatch(spec: Spec, schema: Node | undefined, value: unknown): string | undefined {
  const parsed = parseTemplate(value, ['event']);
  if (parsed.kind === 'value' || parsed.kind === 'invalid') return undefined;
  const { types, enum: allowed } = schemaTypes(spec, schema);
  const actual = parsed.kind === 'text' ? 'string' : jsonType(value);
  if (types.length && !types.includes(actual) && !(actual === 'integer' && types.includes('number'))) {
    return `is ${types.join(' or ')}, but the mapped value is ${parsed.kind === 'text' ? 'text' : `the ${actual} ${JSON.stringify(value)}`}`;
  }
  if (parsed.kind === 'literal' && allowed && !allowed.some((a) => JSON.stringify(a) === JSON.stringify(value))) {
    return `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, not ${JSON.stringify(value)}`;
  }
  return undefined;
}

/** The first segment of a `{{response.…}}` path that no 2xx JSON answer of the operation has. */
function missingResponsePath(spec: Spec, op: Operation, path: string[]): { missing: string; candidates: string[] } | undefined {
  const schemas = [...op.responses.values()].filter((r) => /^2/.test(r.status)).flatMap((r) => [...r.content.values()].map((m) => m.schema)).filter((s): s is Node => !!s);
  if (!schemas.length) return undefined; // no declared answer: nothing to check against
  let best: { missing: string; candidates: string[]; depth: number } | undefined;
  for (const root of schemas) {
    let node: Node = root;
    let i = 0;
    for (; i < path.length; i++) {
      const view = objectView(spec, node);
      const next = view.properties.get(path[i]) ?? (view.additional === true ? undefined : view.additional);
      if (!next && (view.opaque || view.additional === true)) return undefined;
      if (!next) break;
      node = next;
    }
    if (i === path.length) return undefined;
    if (!best || i > best.depth) best = { missing: path.slice(0, i + 1).join('.'), candidates: [...objectView(spec, node).properties.keys()].map((p) => [...path.slice(0, i), p].join('.')), depth: i };
  }
  return best && { missing: best.missing, candidates: best.candidates };
}
