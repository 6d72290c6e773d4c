import type { Diagnostic } from '../core/diagnostic.js';
import type { Contract } from '../core/resources.js';
import { closestMatches } from '../core/suggest.js';
import { DirectorySource, loadWorkspace, type FileSource } from '../load/index.js';
import { integrationFields } from '../policy/fields.js';
import { validateWorkspace, type WorkspaceModel } from '../validate/index.js';
import type { FileSet } from './scaffold.js';

export interface NewConnectorInput {
  /** The workspace root. */
  dir: string;
  vendor: string;
  name: string;
  contract: string;
  uses: string[];
  /** `integration.yaml` and `vendor.yaml` (examples/templates/connector). */
  templates: FileSet;
  /** Where the manifests' `$schema` lines point, relative to the workspace root (`schemas`, or node_modules/interlock/schemas). */
  schemaDir: string;
}

export interface NewConnectorPlan {
  /** Files to create (never one that exists). */
  create: { path: string; text: string }[];
  /** Values left for the author, marked `TODO(interlock)`. */
  todo: number;
  /** Fields the used operations move, listed for classification. */
  fields: string[];
  diagnostics: Diagnostic[];
}

/** The comment that marks every value the author fills in. */
export const TODO_MARKER = 'TODO(interlock)';

const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

const usage = (code: string, message: string, suggest?: string[], file?: string): Diagnostic => ({
  severity: 'error',
  code: `new-connector/${code}`,
  message,
  ...(file ? { location: { file } } : {}),
  ...(suggest?.length ? { suggest } : {}),
});

/**
 * What `interlock new connector VENDOR NAME --contract C --uses a,b` writes: an Integration manifest from the
 * template, listing every field the used operations move for classification, and a Vendor stub when the
 * workspace has no such vendor. Unknown contracts and operations are errors with the nearest names.
 * Reads the workspace; writes nothing.
 */
export async function planNewConnector(input: NewConnectorInput): Promise<NewConnectorPlan> {
  const empty = (diagnostics: Diagnostic[]): NewConnectorPlan => ({ create: [], todo: 0, fields: [], diagnostics });
  const bad: Diagnostic[] = [];
  if (!NAME.test(input.vendor)) bad.push(usage('bad-name', `vendor '${input.vendor}' is not a resource name (lower-case letters, digits and dashes)`));
  if (!NAME.test(input.name)) bad.push(usage('bad-name', `connector '${input.name}' is not a resource name (lower-case letters, digits and dashes)`));
  if (!input.uses.length) bad.push(usage('no-operations', '--uses names no operation'));
  if (bad.length) return empty(bad);

  const base = new DirectorySource(input.dir);
  const model = await modelOf(base);
  const contract = model.contracts.get(input.contract);
  if (!contract) {
    const known = [...model.contracts.keys()].sort();
    const near = closestMatches(input.contract, known);
    return empty([usage('unknown-contract', `unknown contract '${input.contract}' (contracts: ${known.join(', ') || 'none'})`, near)]);
  }
  const api = model.apis.get(contract.name);
  const folder = `integrations/${input.vendor}/`;
  const known = api?.format === 'graphql' ? [...model.workspace.files.keys()].filter((f) => f.startsWith(folder) && f.endsWith('.graphql')).map((f) => f.slice(folder.length)) : [...(api?.operations.keys() ?? [])];
  for (const op of input.uses) {
    if (known.includes(op)) continue;
    const near = closestMatches(op, known);
    const what = api?.format === 'graphql' ? `operation document '${op}' is not in ${folder}` : `operation '${op}' does not exist in contract '${contract.name}'`;
    bad.push(usage('unknown-operation', what, near, api?.file));
  }
  const file = `${folder}${input.name}.yaml`;
  if (model.integrations.has(input.name)) bad.push(usage('exists', `the workspace already has an integration named '${input.name}' (${model.integrations.get(input.name)!.doc.file})`));
  else if (model.workspace.files.has(file)) bad.push(usage('exists', `${file} exists; it is never overwritten`));
  if (bad.length) return empty(bad);

  const integrationTemplate = input.templates.get('integration.yaml');
  const vendorTemplate = input.templates.get('vendor.yaml');
  if (!integrationTemplate || !vendorTemplate) throw new Error('the connector templates are missing from the package (examples/templates/connector)');
  const schemaDir = `../../${input.schemaDir}`;
  const server = serverUrl(model, contract);
  const values: Record<string, string> = {
    schemaDir,
    name: input.name,
    vendor: input.vendor,
    contract: contract.name,
    versionRange: `^${contract.manifest.spec.version}`,
    baseUrl: server ?? 'TODO',
    baseUrlSource: server ? "the contract's first server is filled in: confirm it" : 'the contract names no server',
    uses: input.uses.join(', '),
  };
  // The fields come from the workspace as it will be: a valid draft of the connector (what the field walk
  // reads: contract and operations) laid over it. JSON is YAML.
  const draft = JSON.stringify({
    apiVersion: 'interlock.dev/v1',
    kind: 'Integration',
    metadata: { name: input.name },
    spec: { vendor: input.vendor, contract: { ref: contract.name }, direction: 'outbound', endpoint: { baseUrl: 'https://draft.invalid' }, auth: { type: 'apiKey', in: 'header', name: 'x', value: 'env:DRAFT' }, uses: input.uses },
  });
  const fields = await fieldsToClassify(base, file, draft, input.name);
  const text = fill(integrationTemplate, { ...values, fields: fields.length ? fields.map((f) => `\n      ${f}: {sensitivity: TODO, pii: TODO}`).join('') : ' {}' });
  const create = [{ path: file, text }];
  if (!model.vendors.has(input.vendor)) create.push({ path: `${folder}vendor.yaml`, text: fill(vendorTemplate, values) });
  const todo = create.reduce((n, f) => n + f.text.split(TODO_MARKER).length - 1, 0);
  return { create, todo, fields, diagnostics: [] };
}

async function modelOf(source: FileSource): Promise<WorkspaceModel> {
  return validateWorkspace((await loadWorkspace(source)).value).value;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole);
}

/** The contract's first absolute server URL (OpenAPI 3) or scheme + host + basePath (Swagger 2.0). */
function serverUrl(model: WorkspaceModel, contract: Contract): string | undefined {
  const doc = model.apis.get(contract.name)?.doc?.value as { servers?: { url?: unknown }[]; host?: unknown; basePath?: unknown; schemes?: unknown } | undefined;
  const first = doc?.servers?.[0]?.url;
  if (typeof first === 'string' && /^https?:\/\/[^{}\s]+$/.test(first)) return first;
  if (typeof doc?.host === 'string') return `https://${doc.host}${typeof doc.basePath === 'string' ? doc.basePath : ''}`;
  return undefined;
}

/** Field-map keys for every field the draft integration moves, shortest name (from the nearest named type) first. */
async function fieldsToClassify(base: DirectorySource, file: string, draft: string, name: string): Promise<string[]> {
  const overlay: FileSource = {
    label: base.label,
    list: async () => [...(await base.list()).filter((e) => e.path !== file), { path: file, size: Buffer.byteLength(draft) }],
    read: (rel) => (rel === file ? Promise.resolve(draft) : base.read(rel)),
  };
  const model = await modelOf(overlay);
  const integration = model.integrations.get(name);
  if (!integration) return [];
  const keys = new Set<string>();
  for (const field of integrationFields(model, integration)) {
    if (field.flow === 'declared') continue;
    keys.add([...field.names].sort((a, b) => a.length - b.length || (a < b ? -1 : 1))[0]);
  }
  return [...keys].sort();
}
