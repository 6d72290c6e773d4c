import type { Diagnostic } from '../core/diagnostic.js';
import type { SourceText } from '../core/document.js';
import { DirectorySource, GitRevisionSource, loadWorkspace, type FileSource } from '../load/index.js';
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
  const loaded = await loadWorkspace(source);
  const validated = validateWorkspace(loaded.value);
  const diagnostics = [...loaded.diagnostics, ...validated.diagnostics];
  return { model: validated.value, diagnostics, sourceText: redactedSourceText(loaded.value, diagnostics) };
}
