import type { Diagnostic, Result } from '../core/diagnostic.js';
import { diagnosticAt, type ParsedDocument } from '../core/document.js';
import { API_VERSION, isKind, KINDS, POLICY_KINDS, type Kind } from '../core/kinds.js';
import { resourceId, type AnyManifest, type Contract, type DataContract, type Integration, type Resource, type ResourceId, type Vendor } from '../core/resources.js';
import { closestMatches } from '../core/suggest.js';
import type { Workspace } from '../load/workspace.js';
import { indexGraphql, indexOpenApi, isBlankSource, type ApiDescription } from '../contract/api-description.js';
import { contractSourcePath, type WorkspaceModel } from './model.js';
import { checkActions } from './actions.js';
import { checkExports } from './exports.js';
import { checkReferences } from './references.js';
import { schemaDiagnostics } from './schema-errors.js';
import { kindValidators } from './schemas.js';
import { checkSchedule } from './schedule.js';
import { findLiteralSecrets } from './secrets.js';

/**
 * Schema validation, secrets, duplicates, contract sources and cross-references. Returns the model
 * of everything that passed, so later stages can run even when some manifests are broken.
 */
export function validateWorkspace(workspace: Workspace): Result<WorkspaceModel> {
  const diagnostics: Diagnostic[] = [];
  const validators = kindValidators();
  const model: WorkspaceModel = {
    workspace,
    resources: [],
    byId: new Map(),
    vendors: new Map(),
    integrations: new Map(),
    contracts: new Map(),
    dataContracts: new Map(),
    policies: [],
    apis: new Map(),
  };

  for (const doc of workspace.manifests) {
    const kind = manifestKind(doc, diagnostics);
    if (!kind) continue;
    const secrets = findLiteralSecrets(doc);
    diagnostics.push(...secrets);
    const validate = validators.get(kind)!;
    if (!validate(doc.value)) {
      const secretPointers = new Set(secrets.map((s) => s.location?.pointer));
      // A literal secret already explains why a credential field fails its pattern.
      diagnostics.push(...schemaDiagnostics(doc, validate.errors ?? []).filter((d) => !secretPointers.has(d.location?.pointer)));
      continue;
    }
    if (secrets.length) continue;
    const manifest = doc.value as AnyManifest;
    const resource = { id: resourceId(kind, manifest.metadata.name), kind, name: manifest.metadata.name, manifest, doc } as Resource;
    const existing = model.byId.get(resource.id);
    if (existing) {
      diagnostics.push(
        diagnosticAt(doc, '/metadata/name', {
          severity: 'error',
          code: 'duplicate-name',
          message: `${kind} '${resource.name}' is already defined`,
          related: [{ message: 'first defined here', location: { file: existing.doc.file, pointer: '/metadata/name', ...existing.doc.locate('/metadata/name') } }],
          data: { id: resource.id },
        }),
      );
      continue;
    }
    add(model, resource);
  }

  for (const contract of model.contracts.values()) {
    const api = loadApi(workspace, contract, diagnostics);
    if (api) model.apis.set(contract.name, api);
  }
  diagnostics.push(...checkReferences(model));
  for (const i of model.integrations.values()) diagnostics.push(...checkSchedule(i), ...checkSchedule(i, '/spec/export/schedule'));
  diagnostics.push(...checkExports(model));
  diagnostics.push(...checkActions(model));
  return { value: model, diagnostics };
}

/** A YAML source whose only document is null (`~`, `null`): parses cleanly to nothing. */
function isNullDocument(text: string): boolean {
  return /^\s*(---\s*)?(~|null|Null|NULL)?\s*$/.test(text.replace(/^\s*#.*$/gm, ''));
}

function manifestKind(doc: ParsedDocument, diagnostics: Diagnostic[]): Kind | undefined {
  const value = doc.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    diagnostics.push(diagnosticAt(doc, '', { severity: 'error', code: 'not-a-manifest', message: 'Expected a manifest object with apiVersion, kind, metadata and spec' }));
    return undefined;
  }
  const record = value as Record<string, unknown>;
  if (record.apiVersion !== API_VERSION) {
    diagnostics.push(
      diagnosticAt(doc, record.apiVersion === undefined ? '' : '/apiVersion', {
        severity: 'error',
        code: 'schema',
        message: record.apiVersion === undefined ? `Missing required property 'apiVersion' (${API_VERSION})` : `apiVersion must be '${API_VERSION}'`,
        data: { keyword: 'apiVersion' },
      }),
    );
    return undefined;
  }
  if (!isKind(record.kind)) {
    const suggest = typeof record.kind === 'string' ? closestMatches(record.kind, KINDS) : [];
    diagnostics.push(
      diagnosticAt(doc, record.kind === undefined ? '' : '/kind', {
        severity: 'error',
        code: 'unknown-kind',
        message: record.kind === undefined ? "Missing required property 'kind'" : `Unknown kind '${String(record.kind)}' (known: ${KINDS.join(', ')})`,
        ...(suggest.length ? { suggest } : {}),
      }),
    );
    return undefined;
  }
  return record.kind;
}

function add(model: WorkspaceModel, resource: Resource): void {
  model.resources.push(resource);
  model.byId.set(resource.id as ResourceId, resource);
  switch (resource.kind) {
    case 'Vendor':
      model.vendors.set(resource.name, resource as Vendor);
      break;
    case 'Integration':
      model.integrations.set(resource.name, resource as Integration);
      break;
    case 'Contract':
      model.contracts.set(resource.name, resource as Contract);
      break;
    case 'DataContract':
      model.dataContracts.set(resource.name, resource as DataContract);
      break;
    default:
      if (POLICY_KINDS.includes(resource.kind)) model.policies.push(resource);
  }
}

function loadApi(workspace: Workspace, contract: Contract, diagnostics: Diagnostic[]): ApiDescription | undefined {
  const path = contractSourcePath(contract);
  const file = workspace.files.get(path);
  const spec = contract.manifest.spec;
  if (!file) {
    diagnostics.push(diagnosticAt(contract.doc, '/spec/source', { severity: 'error', code: 'contract-source-missing', message: `API description '${spec.source}' not found (looked for ${path})`, data: { path } }));
    return undefined;
  }
  if (file.text !== undefined && (isBlankSource(file.text) || (file.role === 'api-openapi' && !workspace.apiDocuments.has(path) && isNullDocument(file.text)))) {
    // An emptied description must not pass as "no operations to check": it is an error here, and
    // compat compares it as every operation removed.
    diagnostics.push({
      severity: 'error',
      code: 'contract-source-empty',
      message: `The API description of contract '${contract.name}' is empty; it must describe the operations the contract's integrations use`,
      location: { file: path, line: 1, column: 1 },
      related: [{ message: 'contract source', location: { file: contract.doc.file, pointer: '/spec/source', ...contract.doc.locate('/spec/source') } }],
      data: { contract: contract.name, path },
    });
    return { file: path, format: spec.format === 'graphql' ? 'graphql' : 'openapi', operations: new Map(), empty: true };
  }
  if (spec.format === 'graphql') {
    if (file.text === undefined) return undefined;
    const { api, diagnostics: d } = indexGraphql(path, file.text);
    diagnostics.push(...d);
    return api;
  }
  const doc = workspace.apiDocuments.get(path);
  if (!doc) {
    if (file.role !== 'api-openapi') {
      diagnostics.push(diagnosticAt(contract.doc, '/spec/source', { severity: 'error', code: 'contract-source-format', message: `'${spec.source}' is not an OpenAPI description; name it *.openapi.yaml, *.openapi.json or place JSON under contracts/`, data: { path } }));
    }
    return undefined; // parse problems were reported by the loader
  }
  const root = doc.value as Record<string, unknown> | null;
  if (!root || typeof root !== 'object' || (typeof root.openapi !== 'string' && typeof root.swagger !== 'string')) {
    diagnostics.push(diagnosticAt(doc, '', { severity: 'error', code: 'contract-source-format', message: "Not an OpenAPI description: neither 'openapi' nor 'swagger' is set" }));
    return undefined;
  }
  return indexOpenApi(doc);
}
