import path from 'node:path/posix';
import semver from 'semver';
import type { Diagnostic, Result } from '../core/diagnostic.js';
import type { ParsedDocument } from '../core/document.js';
import type { Contract, Integration } from '../core/resources.js';
import { schemaOf, type ApiDescription } from '../contract/api-description.js';
import type { WorkspaceModel } from '../validate/model.js';
import type { Change, ChangeLocation } from './change.js';
import { checkDataContracts } from './datacontract/workspace-datacontracts.js';
import { diffOpenApiInMode, type CompatibilityMode } from './openapi/compat-mode.js';
import { affectedOperationIds, declaredFieldUses, judgeFieldUsage, validateFieldUses } from './field-usage.js';
import { loadUsableOpenApi, workspaceRefReader } from '../contract/openapi/usable-openapi.js';
import { templateKey } from '../contract/openapi/operations.js';

/** One contract compared between the base revision and the working tree. */
export interface ContractCompat {
  contract: string;
  kind: 'Contract' | 'DataContract';
  /** The manifest compared, when it is not the contract's API description (a DataContract). */
  file?: string;
  /** Where a change without a location of its own is reported. */
  source?: ChangeLocation;
  baseVersion: string;
  headVersion: string;
  /** Every change, after usage and announcements were applied to its level. */
  changes: Change[];
}

export interface WorkspaceCompatInput {
  /** The validated workspace at the base revision (`--base`). */
  base: WorkspaceModel;
  /** The validated working tree. */
  head: WorkspaceModel;
  /** Date sunsets are judged against; from the CLI's `--now`, never read here. */
  now: Date;
}

/**
 * The compat stage of `interlock check`. For each contract whose API description changed between
 * base and head: diff it, then
 * - usage: a breaking change reaching no operation that an integration `uses` becomes info;
 * - announcements: a breaking change passes (info) when the contract's major version was bumped and
 *   an announcement names its rule id and operation or pointer; removals after a passed sunset are
 *   already info from the rules;
 * and validate every GraphQL integration's operation documents against the head schema. DataContracts
 * are compared too (datacontract/), under the same announcement rules.
 * Each change carries its `status`; report/compat-diagnostics.ts turns the changes into diagnostics
 * (breaking left are errors, warnings warnings, announced or unused ones info).
 */
export async function checkWorkspaceCompat(input: WorkspaceCompatInput): Promise<Result<ContractCompat[]>> {
  const diagnostics: Diagnostic[] = [];
  const out: ContractCompat[] = [];
  for (const [name, contract] of input.head.contracts) {
    if (contract.manifest.spec.compatibility === 'none') continue;
    const headApi = input.head.apis.get(name);
    const graphqlSchema = headApi?.format === 'graphql' ? headSchema(headApi, diagnostics) : undefined;
    if (graphqlSchema) diagnostics.push(...(await checkOperationDocuments(input.head, contract, graphqlSchema)));
    const fieldUses = headApi?.format === 'openapi' ? declaredFieldUses(integrationsOf(input.head, contract)) : [];
    if (fieldUses.length && headApi?.doc) {
      const spec = await loadUsableOpenApi(headApi.doc, { readRef: workspaceReader(input.head), bytes: Number.POSITIVE_INFINITY });
      if (spec.value) diagnostics.push(...validateFieldUses(spec.value, fieldUses, name));
    }
    const baseContract = input.base.contracts.get(name);
    const baseApi = input.base.apis.get(name);
    if (!baseContract || !baseApi || !headApi || baseApi.format !== headApi.format) continue;
    if (!apiChanged(input.base, baseApi, input.head, headApi)) continue;
    const diffed = await diffApis(input.base, baseApi, input.head, headApi, input.now, contract.manifest.spec.compatibility ?? 'backward');
    diagnostics.push(...diffed.diagnostics);
    if (!diffed.value) continue;
    const usage = headApi.format === 'graphql' ? await graphqlUsage(input.head, contract, baseApi) : usedOperations(input.head, contract, headApi);
    const usersOf = (operationId: string) => integrationsOf(input.head, contract).filter((i) => i.manifest.spec.uses?.includes(operationId));
    const judged = judge(diffed.value.map((c) => judgeFieldUsage(c, fieldUses, usersOf)), baseContract, contract, usage);
    const source = contract.doc.locate('/spec/source');
    out.push({ contract: name, kind: 'Contract', source: { file: contract.doc.file, pointer: '/spec/source', line: source.line }, baseVersion: baseContract.manifest.spec.version, headVersion: contract.manifest.spec.version, changes: judged });
  }
  out.push(...checkDataContracts(input.base, input.head));
  return { value: out, diagnostics };
}

function apiChanged(base: WorkspaceModel, baseApi: ApiDescription, head: WorkspaceModel, headApi: ApiDescription): boolean {
  const bt = base.workspace.files.get(baseApi.file)?.text;
  const ht = head.workspace.files.get(headApi.file)?.text;
  if (bt !== undefined && ht !== undefined) return bt !== ht;
  return true;
}

async function diffApis(base: WorkspaceModel, baseApi: ApiDescription, head: WorkspaceModel, headApi: ApiDescription, now: Date, mode: CompatibilityMode): Promise<Result<Change[] | undefined>> {
  if (baseApi.format === 'graphql') {
    const { diffGraphql } = await import('./graphql/diff-graphql.js');
    const { GraphQLSchema } = await import('graphql');
    const b = schemaOf(baseApi);
    // An emptied schema is compared as a schema without a single type: every type and field the base had is removed.
    const h = headApi.empty ? { value: new GraphQLSchema({}), diagnostics: [] } : schemaOf(headApi);
    // Problems in the base are history; only the head's are reported.
    if (!b.value || !h.value) return { value: undefined, diagnostics: h.diagnostics.filter((d) => d.severity === 'error') };
    return { value: await diffGraphql({ file: baseApi.file, schema: b.value }, { file: headApi.file, schema: h.value }), diagnostics: h.diagnostics };
  }
  const headDoc = headApi.empty && baseApi.doc ? emptiedDescription(baseApi.doc, headApi.file) : headApi.doc;
  if (!baseApi.doc || !headDoc) return { value: undefined, diagnostics: [] };
  const reader = workspaceReader;
  // Problems in the base are history: it is not judged against the OpenAPI schema.
  const b = await loadUsableOpenApi(baseApi.doc, { readRef: reader(base), bytes: Number.POSITIVE_INFINITY });
  const h = await loadUsableOpenApi(headDoc, { readRef: reader(head), bytes: head.workspace.files.get(headApi.file)?.text?.length });
  // Problems in the base are history; only the head's are reported.
  if (!b.value || !h.value) return { value: undefined, diagnostics: h.diagnostics };
  return { value: diffOpenApiInMode(b.value, h.value, mode, { now }), diagnostics: h.diagnostics };
}

/** `$ref`s of a workspace's API descriptions resolve to its other API documents only. */
function workspaceReader(model: WorkspaceModel) {
  return workspaceRefReader(model.workspace.apiDocuments);
}

/**
 * An emptied description, compared as the base description without a single path: every operation the
 * base had is removed (shared components stay, so the change list names operations, not schemas).
 */
function emptiedDescription(base: ParsedDocument, file: string): ParsedDocument {
  const root = (base.value ?? {}) as Record<string, unknown>;
  const { paths: _paths, webhooks: _webhooks, ...rest } = root;
  return { file, index: 0, value: { ...rest, paths: {} }, locate: () => ({ line: 1, column: 1 }) };
}

/** Integrations speaking this contract, and the operationIds they use (undefined: some use all). */
function integrationsOf(model: WorkspaceModel, contract: Contract): Integration[] {
  return [...model.integrations.values()].filter((i) => i.manifest.spec.contract?.ref === contract.name);
}

function usedOperations(model: WorkspaceModel, contract: Contract, api: ApiDescription): Set<string> | undefined {
  if (api.format !== 'openapi') return undefined;
  const used = new Set<string>();
  for (const integration of integrationsOf(model, contract)) {
    const uses = integration.manifest.spec.uses;
    if (!uses) return undefined; // an integration that does not say what it uses may use anything
    for (const u of uses) used.add(u);
  }
  return used;
}

/** Removals a rule already allowed because the base's sunset date had passed. */
const SUNSET_PASSED = new Set(['api-removed-with-deprecation', 'api-path-removed-with-deprecation']);

/** Applies usage and announcements to each breaking change: sets its `status` (and level), never prose. */
function judge(changes: Change[], base: Contract, head: Contract, used: Set<string> | undefined): Change[] {
  const baseVersion = semver.coerce(base.manifest.spec.version);
  const headVersion = semver.coerce(head.manifest.spec.version);
  const majorBumped = Boolean(baseVersion && headVersion && headVersion.major > baseVersion.major);
  const announcements = head.manifest.spec.announcements ?? [];
  return changes.map((change): Change => {
    if (SUNSET_PASSED.has(change.id)) return { ...change, status: 'sunset-passed' };
    if (change.level !== 'breaking') return change;
    if (used && change.path !== undefined) {
      // GraphQL: unused when no operation document touches the coordinate's type or field.
      const [type, field] = change.path.split('.');
      const key = field ? `${type}.${field}` : type;
      if (!used.has(key)) return { ...change, level: 'info', status: 'unused', data: { ...change.data, unused: { coordinate: key } } };
    }
    const affected = affectedOperationIds(change);
    if (used && affected.length && !affected.some((id) => used.has(id))) {
      return { ...change, level: 'info', status: 'unused', data: { ...change.data, unused: { operations: affected } } };
    }
    const announcement = announcements.find((a) => a.change === change.id && announcementMatches(a, change));
    if (announcement && majorBumped) {
      return { ...change, level: 'info', status: 'announced', data: { ...change.data, announcement: { date: announcement.date, reason: announcement.reason } } };
    }
    const target = change.operation ? `operation: "${change.operation.method} ${change.operation.path}"` : change.path ? `operation: "${change.path}"` : `pointer: "${change.head?.pointer ?? change.base?.pointer}"`;
    return {
      ...change,
      status: 'unannounced',
      data: { ...change.data, remedy: { of: 'contract', from: base.manifest.spec.version, to: head.manifest.spec.version, announcedWithoutBump: Boolean(announcement), target } },
    };
  });
}

function announcementMatches(a: { operation?: string; pointer?: string }, change: Change): boolean {
  if (a.operation) {
    if (change.path !== undefined) return a.operation === change.path;
    const m = /^\s*([A-Za-z]+)\s+(\S+)\s*$/.exec(a.operation);
    if (!m || !change.operation) return false;
    const ops = Array.isArray(change.data?.operations) ? (change.data.operations as { method: string; path: string }[]) : [change.operation];
    return ops.some((o) => o.method.toUpperCase() === m[1].toUpperCase() && templateKey(o.path) === templateKey(m[2]));
  }
  if (a.pointer) {
    const p = a.pointer.replace(/^#/, '');
    return [change.base?.pointer, change.head?.pointer].some((x) => x !== undefined && (x === p || x.startsWith(p + '/')));
  }
  return false;
}

/** Coordinates the GraphQL integrations' documents use, resolved against the base schema they were written for. */
async function graphqlUsage(model: WorkspaceModel, contract: Contract, baseApi: ApiDescription): Promise<Set<string> | undefined> {
  const documents: string[] = [];
  for (const integration of integrationsOf(model, contract)) {
    const uses = integration.manifest.spec.uses;
    if (!uses) return undefined; // an integration that does not list its documents may use anything
    for (const use of uses) {
      const text = model.workspace.files.get(path.normalize(path.join(path.dirname(integration.doc.file), use)))?.text;
      if (text !== undefined) documents.push(text);
    }
  }
  const { usedCoordinates } = await import('./graphql/used-coordinates.js');
  const schema = schemaOf(baseApi).value;
  return schema ? usedCoordinates(schema, documents) : undefined;
}

function headSchema(api: ApiDescription, diagnostics: Diagnostic[]) {
  const r = schemaOf(api);
  diagnostics.push(...r.diagnostics.filter((d) => d.severity === 'warning'));
  return r.value;
}

/** Each GraphQL integration's operation documents must validate against the head schema. */
async function checkOperationDocuments(model: WorkspaceModel, contract: Contract, schema: import('graphql/index.js').GraphQLSchema): Promise<Diagnostic[]> {
  const { validateOperationDocument } = await import('./graphql/validate-operations.js');
  const out: Diagnostic[] = [];
  for (const integration of integrationsOf(model, contract)) {
    for (const use of integration.manifest.spec.uses ?? []) {
      const file = path.normalize(path.join(path.dirname(integration.doc.file), use));
      const text = model.workspace.files.get(file)?.text;
      if (text === undefined) continue; // validation reports missing documents
      for (const d of validateOperationDocument(file, text, schema)) {
        out.push({ ...d, code: d.code === 'graphql-syntax' ? d.code : 'compat/graphql-operation-invalid', message: `${integration.name} uses ${use}, which no longer validates against contract ${contract.name}: ${d.message}`, data: { integration: integration.name, contract: contract.name } });
      }
    }
  }
  return out;
}
