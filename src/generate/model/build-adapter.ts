import type { Diagnostic } from '../../core/diagnostic.js';
import { diagnosticAt } from '../../core/document.js';
import { appendPointer, getAtPointer } from '../../core/pointer.js';
import type { Integration } from '../../core/resources.js';
import type { WorkspaceModel } from '../../validate/model.js';
import type { AdapterModel, ClassifiedField, IntegrationModel, TypeDecl } from './adapter-model.js';
import { buildGraphqlOperations } from './graphql-operations.js';
import { toJsonSchema } from './json-schema.js';
import { NameRegistry } from './naming.js';
import { buildOperations } from './openapi-operations.js';
import { SchemaTyper } from './schema-typer.js';

/** Names the other generated files export; a contract type with one of these names gets a suffix. */
const RESERVED_TYPE_NAMES = [
  'Client', 'createClient', 'integration', 'operations', 'documents', 'classification', 'fieldTypes', 'Classification', 'Sensitivity', 'mask', 'atLeast',
  'classificationOf', 'schemaDefinitions', 'SecretRef', 'SecretResolver', 'AuthConfig', 'IntegrationConfig', 'ParamSpec', 'SigningSpec', 'OperationSpec',
  'RetryOptions', 'AdapterOptions', 'RequestOptions', 'OperationInput', 'HttpError', 'InsecureTransportError', 'SecretResolutionError',
  'ResponseValidationError', 'TimeoutError', 'GraphqlResponseError', 'defaultSecretResolver', 'Transport', 'backoff', 'retryAfter', 'T',
];

/**
 * The adapter model of one integration (undefined when it uses nothing), and the texts that shaped it
 * (contract manifest, API description, operation documents) for the input hash.
 */
export function buildAdapter(model: WorkspaceModel, integration: Integration): { value?: AdapterModel; inputs: string[]; diagnostics: Diagnostic[] } {
  const spec = integration.manifest.spec;
  const contract = model.contracts.get(spec.contract.ref);
  const api = contract ? model.apis.get(contract.name) : undefined;
  const uses = spec.uses ?? [];
  if (!contract || !api || uses.length === 0) return { inputs: [], diagnostics: [] };
  const names = new NameRegistry(RESERVED_TYPE_NAMES);
  const diagnostics: Diagnostic[] = [];
  const inputs: string[] = [JSON.stringify(contract.manifest), api.text ?? JSON.stringify(api.doc?.value ?? null)];
  let types: TypeDecl[] = [];
  let classification: ClassifiedField[] = [];
  let fieldTypes: { key: string; type: string }[] = [];
  let knownFields = new Set<string>();
  let contractNames = new Map<string, string>();
  let operations: AdapterModel['operations'] = [];
  let graphqlOperations: AdapterModel['graphqlOperations'] = [];
  let schemaDefinitions: Record<string, unknown> = {};

  if (api.format === 'openapi' && api.doc) {
    const typer = new SchemaTyper(api.doc, names);
    const built = buildOperations(api, uses, typer);
    const inbound = inboundPayload(integration, api.doc.value, typer, names, diagnostics);
    if (inbound) built.inputs.push(inbound);
    typer.drain();
    // Converting to JSON Schema may meet references the types never needed (inside `not`); drain again.
    const definitions: Record<string, unknown> = { ...built.responseSchemas };
    for (let done = 0; done < typer.refTargets().length; ) {
      const targets = typer.refTargets();
      for (; done < targets.length; done++) {
        const [pointer, name] = targets[done];
        definitions[name] = toJsonSchema(getAtPointer(api.doc.value, pointer), (p) => typer.refName(p));
      }
      typer.drain();
    }
    schemaDefinitions = Object.fromEntries(Object.keys(definitions).sort().map((k) => [k, definitions[k]]));
    types = [...typer.types(), ...built.inputs].sort(byName);
    diagnostics.push(...typer.diagnostics, ...built.diagnostics);
    operations = built.operations;
    classification = typer.classification;
    fieldTypes = typer.fieldTypes;
    knownFields = typer.knownFields;
    contractNames = typer.contractNames;
  } else if (api.format === 'graphql' && api.sdl) {
    const dir = integration.doc.file.slice(0, integration.doc.file.lastIndexOf('/') + 1);
    const documents = uses.map((use) => {
      const file = dir + use;
      return { use, file, text: model.workspace.files.get(file)?.text };
    });
    inputs.push(...documents.map((d) => `${d.file}\n${d.text ?? ''}`));
    const built = buildGraphqlOperations({ sdl: api.sdl, sdlFile: api.file, documents }, names);
    types = built.types.sort(byName);
    diagnostics.push(...built.diagnostics);
    graphqlOperations = built.operations;
    classification = built.classification;
    fieldTypes = built.fieldTypes;
    knownFields = new Set([...built.fieldTypes.map((f) => f.key), ...built.knownFields]);
  } else {
    return { inputs: [], diagnostics: [] };
  }

  const merged = mergeClassification(integration, classification, knownFields, contractNames, diagnostics);
  return {
    value: {
      folder: integration.name,
      header: { contractName: contract.name, contractVersion: contract.manifest.spec.version, contractFile: api.file, integrationFile: integration.doc.file, inputHash: '' },
      integration: integrationModel(integration),
      contract: { name: contract.name, version: contract.manifest.spec.version, format: api.format, file: api.file },
      types,
      operations,
      graphqlOperations,
      classification: merged,
      fieldTypes: dedupe(fieldTypes),
      schemaDefinitions,
    },
    inputs,
    diagnostics,
  };
}

/**
 * The payload of inbound webhooks (`events.inbound.schema`, a pointer into the contract) gets its
 * named type and an `InboundPayload` alias, so receivers are typed and classified like responses.
 */
function inboundPayload(integration: Integration, root: unknown, typer: SchemaTyper, names: NameRegistry, diagnostics: Diagnostic[]): TypeDecl | undefined {
  const ref = integration.manifest.spec.events?.inbound?.schema;
  if (!ref) return undefined;
  const pointer = ref.startsWith('#') ? ref.slice(1) : ref;
  if (!pointer.startsWith('/') || getAtPointer(root, pointer) === undefined) {
    diagnostics.push(diagnosticAt(integration.doc, '/spec/events/inbound/schema', { severity: 'warning', code: 'generate/unknown-inbound-schema', message: `'${ref}' does not point at a schema in the contract; the inbound payload is not typed`, data: { pointer: ref } }));
    return undefined;
  }
  const target = typer.refName(pointer);
  return { name: names.claim('InboundPayload'), doc: ['Payload of the webhooks this integration receives (`events.inbound.schema`).'], kind: 'alias', body: target };
}

function integrationModel(integration: Integration): IntegrationModel {
  const { endpoint, auth } = integration.manifest.spec;
  return {
    name: integration.name,
    vendor: integration.manifest.spec.vendor,
    baseUrl: endpoint.baseUrl,
    localTesting: endpoint.localTesting === true,
    timeoutMs: endpoint.timeoutMs ?? 10_000,
    tlsMinVersion: endpoint.tls?.minVersion === '1.3' ? 'TLSv1.3' : 'TLSv1.2',
    auth,
    ...(endpoint.tls?.mtls ? { mtls: endpoint.tls.mtls } : {}),
  };
}

/**
 * The contract's classifications overlaid with the integration's `data.fields` (which win). A key
 * may name the type as the contract does (`issue.reporter.email`) or as generated (`Issue.…`); a key
 * that matches no generated field is a located warning, so a typo cannot silently leave data unmasked.
 */
function mergeClassification(integration: Integration, fromContract: ClassifiedField[], known: Set<string>, contractNames: Map<string, string>, diagnostics: Diagnostic[]): ClassifiedField[] {
  const byKey = new Map<string, ClassifiedField>();
  for (const c of fromContract) if (!byKey.has(c.key)) byKey.set(c.key, c);
  const fields = integration.manifest.spec.data?.fields ?? {};
  for (const [rawKey, c] of Object.entries(fields)) {
    const dot = rawKey.indexOf('.');
    const head = dot === -1 ? rawKey : rawKey.slice(0, dot);
    const key = (contractNames.get(head) ?? head) + (dot === -1 ? '' : rawKey.slice(dot));
    if (!known.has(key)) {
      diagnostics.push(
        diagnosticAt(integration.doc, appendPointer('/spec/data/fields', rawKey), {
          severity: 'warning',
          code: 'generate/unknown-field',
          message: `'${rawKey}' is not a field of any type the adapter generates; its classification is not applied`,
          data: { field: rawKey },
        }),
      );
      continue;
    }
    byKey.set(key, { key, sensitivity: c.sensitivity, pii: c.pii, from: 'integration' });
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** One entry per field path, listing every named type met there (a union field has several). */
function dedupe(list: { key: string; type: string }[]): { key: string; types: string[] }[] {
  const seen = new Map<string, string[]>();
  for (const f of list) {
    const types = seen.get(f.key) ?? [];
    if (!types.includes(f.type)) types.push(f.type);
    seen.set(f.key, types);
  }
  return [...seen].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, types]) => ({ key, types: types.sort() }));
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

