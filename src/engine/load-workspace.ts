import type { Diagnostic } from '../core/diagnostic.js';
import type { SourceText } from '../core/document.js';
import path from 'node:path';
import { VERSION } from '../core/version.js';
import { DirectorySource, DocumentCache, GitRevisionSource, loadWorkspace, type FileSource } from '../load/index.js';
import { kindSchemasHash } from '../validate/schemas.js';
import { redactedSourceText, validateWorkspace, type WorkspaceModel } from '../validate/index.js';

export interface LoadedModel {
  model: WorkspaceModel;
  diagnostics: Diagnostic[];
  /** Text of workspace files for codeframes, literal secrets masked. */
  sourceText: SourceText;
}

/** Loads and validates the workspace in `dir`, or at git `revision` of the repository in `dir`. */
export async function loadModel(dir: string, revision?: string): Promise<LoadedModel> {
  const source: FileSource = revision ? new GitRevisionSource(dir, revision) : new DirectorySource(dir);
  const cache = documentCache(dir);
  const loaded = await loadWorkspace(source, { cache });
  cache.save();
  const validated = validateWorkspace(loaded.value);
  const diagnostics = [...loaded.diagnostics, ...validated.diagnostics];
  return { model: validated.value, diagnostics, sourceText: redactedSourceText(loaded.value, diagnostics) };
}

const caches = new Map<string, DocumentCache>();

/**
 * The workspace's cache of parsed documents (`.interlock/cache`), one per process so a check reading
 * head and base keeps both; stamped with the Interlock version and the schemas' hash.
 */
function documentCache(dir: string): DocumentCache {
  const folder = path.resolve(dir, '.interlock', 'cache');
  let cache = caches.get(folder);
  if (!cache) {
    cache = DocumentCache.open(folder, `${VERSION} ${kindSchemasHash()}`);
    caches.set(folder, cache);
  }
  return cache;
}
