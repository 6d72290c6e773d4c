import { contractSourcePath, type WorkspaceModel } from '../validate/model.js';
import type { Resource } from '../core/resources.js';
import type { WorkspaceFile } from '../load/workspace.js';
import { canonicalJson, sha256Hex, specHash } from '../core/canonical-json.js';
import { isPlanKind } from './kinds.js';
import { MANAGED_BY_LABEL, type DesiredResource } from './resource.js';

export interface DesiredOptions {
  /** Stamped as the owner label on every resource, so the workspace later deletes only its own. */
  workspaceId: string;
}

const GENERATED_DIR = 'generated/';

/** Files under `generated/<name>/`, grouped by `<name>`, in one pass over the workspace. */
function generatedFolders(model: WorkspaceModel): Map<string, WorkspaceFile[]> {
  const out = new Map<string, WorkspaceFile[]>();
  for (const f of model.workspace.files.values()) {
    if (!f.path.startsWith(GENERATED_DIR)) continue;
    const slash = f.path.indexOf('/', GENERATED_DIR.length);
    if (slash === -1) continue;
    const name = f.path.slice(GENERATED_DIR.length, slash);
    const list = out.get(name) ?? [];
    list.push(f);
    out.set(name, list);
  }
  return out;
}

/** sha256 over the paths (relative to the folder) and contents of a folder's files, in path order. */
function folderHash(files: WorkspaceFile[], prefix: string): string {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : 1));
  // A file the loader did not read is identified by its size, which is all that is known of it.
  return sha256Hex(canonicalJson(sorted.map((f) => [f.path.slice(prefix.length), f.text ?? { size: f.size }])));
}

function specOf(model: WorkspaceModel, resource: Resource, generated: Map<string, WorkspaceFile[]>): Record<string, unknown> {
  const spec: Record<string, unknown> = { ...(resource.manifest.spec as Record<string, unknown>) };
  if (resource.kind === 'Contract') {
    // The runtime tracks contracts by the content of their API description, not just the manifest.
    const text = model.workspace.files.get(contractSourcePath(resource as Resource<'Contract'>))?.text;
    if (text !== undefined) spec.contentHash = `sha256:${sha256Hex(text)}`;
  }
  if (resource.kind === 'Integration') {
    const files = generated.get(resource.name);
    if (files) spec.adapterHash = `sha256:${folderHash(files, `${GENERATED_DIR}${resource.name}/`)}`;
  }
  return spec;
}

/**
 * The workspace compiled into the resources the runtime should hold: one per manifest of a kind the
 * runtime keeps, its spec extended with the content hashes of what it depends on, owner-labelled.
 */
export function compileDesired(model: WorkspaceModel, options: DesiredOptions): DesiredResource[] {
  const out: DesiredResource[] = [];
  const generated = generatedFolders(model);
  for (const resource of model.resources) {
    if (!isPlanKind(resource.kind)) continue;
    const spec = specOf(model, resource, generated);
    const labels = { ...(resource.manifest.metadata.labels ?? {}), [MANAGED_BY_LABEL]: options.workspaceId };
    const protect = resource.kind === 'Integration' && (resource as Resource<'Integration'>).manifest.spec.protect === true;
    out.push({ kind: resource.kind, name: resource.name, spec, labels, hash: specHash(spec), protect });
  }
  return out;
}
