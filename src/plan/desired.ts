import { contractSourcePath, type WorkspaceModel } from '../validate/model.js';
import type { Resource } from '../core/resources.js';
import { canonicalJson, sha256Hex, specHash } from './canonical-json.js';
import { isPlanKind } from './kinds.js';
import { MANAGED_BY_LABEL, type DesiredResource } from './resource.js';

export interface DesiredOptions {
  /** Stamped as the owner label on every resource, so the workspace later deletes only its own. */
  workspaceId: string;
}

const GENERATED_DIR = 'generated/';

/** sha256 over the paths and contents of a folder's files, in path order. */
function folderHash(model: WorkspaceModel, prefix: string): string | undefined {
  const files = [...model.workspace.files.values()].filter((f) => f.path.startsWith(prefix)).sort((a, b) => (a.path < b.path ? -1 : 1));
  if (!files.length) return undefined;
  // A file the loader did not read is identified by its size, which is all that is known of it.
  return sha256Hex(canonicalJson(files.map((f) => [f.path.slice(prefix.length), f.text ?? { size: f.size }])));
}

function specOf(model: WorkspaceModel, resource: Resource): Record<string, unknown> {
  const spec: Record<string, unknown> = { ...(resource.manifest.spec as Record<string, unknown>) };
  if (resource.kind === 'Contract') {
    // The runtime tracks contracts by the content of their API description, not just the manifest.
    const text = model.workspace.files.get(contractSourcePath(resource as Resource<'Contract'>))?.text;
    if (text !== undefined) spec.contentHash = `sha256:${sha256Hex(text)}`;
  }
  if (resource.kind === 'Integration') {
    const adapter = folderHash(model, `${GENERATED_DIR}${resource.name}/`);
    if (adapter) spec.adapterHash = `sha256:${adapter}`;
  }
  return spec;
}

/**
 * The workspace compiled into the resources the runtime should hold: one per manifest of a kind the
 * runtime keeps, its spec extended with the content hashes of what it depends on, owner-labelled.
 */
export function compileDesired(model: WorkspaceModel, options: DesiredOptions): DesiredResource[] {
  const out: DesiredResource[] = [];
  for (const resource of model.resources) {
    if (!isPlanKind(resource.kind)) continue;
    const spec = specOf(model, resource);
    const labels = { ...(resource.manifest.metadata.labels ?? {}), [MANAGED_BY_LABEL]: options.workspaceId };
    const protect = resource.kind === 'Integration' && (resource as Resource<'Integration'>).manifest.spec.protect === true;
    out.push({ kind: resource.kind, name: resource.name, spec, labels, hash: specHash(spec), protect });
  }
  return out;
}
