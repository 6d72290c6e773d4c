import type { Classification, Integration } from '../core/resources.js';
import { appendPointer, getAtPointer } from '../core/pointer.js';
import type { WorkspaceModel } from '../validate/model.js';
import { SENSITIVITIES } from './policies.js';
import { graphqlFields } from './graphql-fields.js';

/** Which way a field moves, seen from us. `declared`: named only in the integration's field map. */
export type FieldFlow = 'sends' | 'receives' | 'exports' | 'declared';

/** One field an integration moves, and the classification it carries (if any). */
export interface FieldUse {
  /** Dotted path from the payload's root (`Incident.caller.email`). */
  path: string;
  /** Every name that classifies it: the path, and the path from each named type on the way (`User.email`). */
  names: string[];
  flow: FieldFlow;
  classification?: Classification;
  classifiedBy?: 'field-map' | 'contract' | 'data-contract';
  /** The key of the field map entry that classified it, when the field map did. */
  fieldMapKey?: string;
  /** What moves it: an operation id, an operation document, a data contract name. */
  via: string;
  /** Where in the integration manifest `via` is named. */
  pointer: string;
}

/** Fields whose data ends up held by the vendor or the destination: what we send, export, or declare. */
export function heldFields(fields: readonly FieldUse[]): FieldUse[] {
  return fields.filter((f) => f.flow !== 'receives');
}

/** A leaf found while walking a payload, before the integration's field map is applied. */
export interface RawField {
  segments: string[];
  /** Named types met on the way: name and the segment index their path starts at. */
  aliases: { name: string; at: number }[];
  classification?: Classification;
}

/** Deepest nesting walked in a payload; deeper fields are not enumerated. */
const MAX_DEPTH = 12;
/** Most fields enumerated per payload, so a pathological description cannot stall the run. */
const MAX_FIELDS = 5000;

/** `{sensitivity, pii}` (or a bare sensitivity string) as written in `x-classification`. */
export function asClassification(value: unknown): Classification | undefined {
  if (typeof value === 'string') return (SENSITIVITIES as readonly string[]).includes(value) ? { sensitivity: value as Classification['sensitivity'], pii: null } : undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.sensitivity !== 'string' || !(SENSITIVITIES as readonly string[]).includes(v.sensitivity)) return undefined;
  const pii = typeof v.pii === 'string' ? v.pii : null;
  return { sensitivity: v.sensitivity as Classification['sensitivity'], pii: pii as Classification['pii'] };
}

export function namesOf(raw: RawField): string[] {
  const names = [raw.segments.join('.')];
  for (const alias of raw.aliases) {
    const name = [alias.name, ...raw.segments.slice(alias.at)].join('.');
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

type Json = Record<string, unknown>;
const COMPONENT_REF = /^#\/(?:components\/schemas|definitions)\/([^/]+)$/;

/** Walks an OpenAPI schema down to its leaves, following local `$ref`s, inheriting `x-classification`. */
export function walkOpenApiSchema(root: unknown, schema: unknown, rootName: string, emit: (f: RawField) => void): void {
  let count = 0;
  const walk = (node: unknown, segments: string[], aliases: RawField['aliases'], inherited: Classification | undefined, refs: string[]): void => {
    if (count >= MAX_FIELDS || node === null || typeof node !== 'object') return;
    let target = node as Json;
    let own = asClassification(target['x-classification']);
    const ref = target.$ref;
    if (typeof ref === 'string') {
      if (!ref.startsWith('#/') || refs.includes(ref)) return; // external or cyclic: not enumerated
      const resolved = getAtPointer(root, decodeURI(ref.slice(1)));
      if (resolved === null || typeof resolved !== 'object') return;
      target = resolved as Json;
      own ??= asClassification(target['x-classification']);
      const named = COMPONENT_REF.exec(ref);
      if (named && segments.length > 1) aliases = [...aliases, { name: named[1], at: segments.length }];
      refs = [...refs, ref];
    }
    const classification = own ?? inherited;
    if (segments.length > MAX_DEPTH) return;
    let composite = false;
    for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
      const parts = target[key];
      if (Array.isArray(parts)) {
        composite = true;
        for (const part of parts) walk(part, segments, aliases, classification, refs);
      }
    }
    const props = target.properties;
    if (props && typeof props === 'object' && !Array.isArray(props) && Object.keys(props).length > 0) {
      for (const [name, prop] of Object.entries(props as Json)) walk(prop, [...segments, name], aliases, classification, refs);
      return;
    }
    if (target.items && typeof target.items === 'object') {
      walk(target.items, segments, aliases, classification, refs);
      return;
    }
    if (composite) return;
    count++;
    emit({ segments, aliases, ...(classification ? { classification } : {}) });
  };
  const rootRef = schema && typeof schema === 'object' ? (schema as Json).$ref : undefined;
  const named = typeof rootRef === 'string' ? COMPONENT_REF.exec(rootRef) : null;
  walk(schema, named ? [named[1]] : [rootName], [], undefined, []);
}

/** Request and 2xx response payload schemas of an OpenAPI (2.0 or 3.x) operation. */
function operationPayloads(root: unknown, op: Json): { flow: 'sends' | 'receives'; schema: unknown }[] {
  const out: { flow: 'sends' | 'receives'; schema: unknown }[] = [];
  const deref = (node: unknown): unknown => {
    for (let hops = 0; hops < 8 && node && typeof node === 'object' && typeof (node as Json).$ref === 'string'; hops++) {
      const ref = (node as Json).$ref as string;
      node = ref.startsWith('#/') ? getAtPointer(root, decodeURI(ref.slice(1))) : undefined;
    }
    return node;
  };
  const contentSchemas = (holder: unknown): unknown[] => {
    holder = deref(holder);
    if (!holder || typeof holder !== 'object') return [];
    const h = holder as Json;
    if (h.content && typeof h.content === 'object') return Object.values(h.content as Json).map((m) => (m && typeof m === 'object' ? (m as Json).schema : undefined)).filter(Boolean);
    return h.schema ? [h.schema] : [];
  };
  for (const schema of contentSchemas(op.requestBody)) out.push({ flow: 'sends', schema });
  if (Array.isArray(op.parameters)) {
    for (const raw of op.parameters) {
      const p = deref(raw);
      if (p && typeof p === 'object' && (p as Json).in === 'body' && (p as Json).schema) out.push({ flow: 'sends', schema: (p as Json).schema });
    }
  }
  const responses = op.responses && typeof op.responses === 'object' ? (op.responses as Json) : {};
  for (const [status, response] of Object.entries(responses)) {
    if (!/^2/.test(status)) continue;
    for (const schema of contentSchemas(response)) out.push({ flow: 'receives', schema });
  }
  return out;
}

/** The field map entry that classifies a field: the longest key equal to one of its names or a dotted prefix of one. */
export function fieldMapEntry(fieldMap: Record<string, Classification>, names: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const key of Object.keys(fieldMap)) {
    const hit = names.some((n) => n === key || n.startsWith(key + '.'));
    if (hit && (best === undefined || key.length > best.length)) best = key;
  }
  return best;
}

/**
 * Every field an integration sends, receives or exports: payloads of the operations it uses, the inbound
 * webhook payload, the data contracts it exports or streams, and the entries of its own field map.
 * The field map classifies a field (or, by prefix, a subtree) and overrides the contract.
 */
export function integrationFields(model: WorkspaceModel, integration: Integration): FieldUse[] {
  const spec = integration.manifest.spec;
  const fieldMap = spec.data?.fields ?? {};
  const out: FieldUse[] = [];
  const seen = new Set<string>();
  const add = (raw: RawField, flow: FieldFlow, via: string, pointer: string, classifiedBy: 'contract' | 'data-contract') => {
    const names = namesOf(raw);
    const key = `${flow}\0${names[0]}`;
    if (seen.has(key)) return;
    seen.add(key);
    const mapKey = fieldMapEntry(fieldMap, names);
    const field: FieldUse = { path: names[0], names, flow, via, pointer };
    if (mapKey !== undefined) Object.assign(field, { classification: fieldMap[mapKey], classifiedBy: 'field-map', fieldMapKey: mapKey });
    else if (raw.classification) Object.assign(field, { classification: raw.classification, classifiedBy });
    out.push(field);
  };

  const contract = model.contracts.get(spec.contract.ref);
  const api = contract ? model.apis.get(contract.name) : undefined;
  if (api?.format === 'openapi' && api.doc) {
    const root = api.doc.value;
    (spec.uses ?? []).forEach((opId, n) => {
      const op = api.operations.get(opId);
      const node = op ? getAtPointer(root, op.pointer) : undefined;
      if (!node || typeof node !== 'object') return;
      for (const payload of operationPayloads(root, node as Json)) {
        walkOpenApiSchema(root, payload.schema, `${opId}.${payload.flow === 'sends' ? 'request' : 'response'}`, (raw) =>
          add(raw, payload.flow, opId, appendPointer('/spec/uses', n), 'contract'),
        );
      }
    });
    const inbound = spec.events?.inbound?.schema;
    if (inbound) {
      const pointer = inbound.startsWith('#') ? inbound.slice(1) : inbound;
      const schema = pointer.startsWith('/') ? getAtPointer(root, pointer) : undefined;
      if (schema) {
        const named = /^\/(?:components\/schemas|definitions)\/([^/]+)$/.exec(pointer);
        walkOpenApiSchema(root, schema, named ? named[1] : 'inbound', (raw) => add(raw, 'receives', 'inbound webhook', '/spec/events/inbound/schema', 'contract'));
      }
    }
  } else if (api?.format === 'graphql' && api.sdl) {
    const dir = integration.doc.file.slice(0, integration.doc.file.lastIndexOf('/') + 1);
    (spec.uses ?? []).forEach((docPath, n) => {
      const text = model.workspace.files.get(dir + docPath)?.text;
      if (text === undefined) return;
      for (const raw of graphqlFields(api, text)) add(raw, 'receives', docPath, appendPointer('/spec/uses', n), 'contract');
    });
  }

  const records: { name: string; pointer: string }[] = (spec.data?.records ?? []).map((name, n) => ({ name, pointer: appendPointer('/spec/data/records', n) }));
  if (spec.export) records.push({ name: spec.export.dataContract, pointer: '/spec/export/dataContract' });
  if (spec.stream) records.push({ name: spec.stream.dataContract, pointer: '/spec/stream/dataContract' });
  for (const record of records) {
    const dc = model.dataContracts.get(record.name);
    if (!dc) continue;
    for (const [name, field] of Object.entries(dc.manifest.spec.fields)) {
      add({ segments: [dc.name, name], aliases: [], classification: field.classification }, 'exports', dc.name, record.pointer, 'data-contract');
    }
  }

  const named = new Set(out.flatMap((f) => f.names));
  for (const [key, classification] of Object.entries(fieldMap)) {
    if (named.has(key)) continue;
    out.push({ path: key, names: [key], flow: 'declared', classification, classifiedBy: 'field-map', fieldMapKey: key, via: 'data.fields', pointer: appendPointer('/spec/data/fields', key) });
  }
  return out;
}
