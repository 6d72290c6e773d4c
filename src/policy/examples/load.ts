import { hasErrors, type Diagnostic } from '../../core/diagnostic.js';
import { loadWorkspace } from '../../load/workspace.js';
import { validateWorkspace, type WorkspaceModel } from '../../validate/index.js';
import { MemorySource } from '../memory-source.js';
import { BASE_WORKSPACE } from './base.js';

/** Files laid over the base workspace; `null` removes a base file. */
export type Overlay = Readonly<Record<string, string | null>>;

export function overlay(files: Overlay, base: Readonly<Record<string, string>> = BASE_WORKSPACE): Record<string, string> {
  const out: Record<string, string> = { ...base };
  for (const [path, text] of Object.entries(files)) {
    if (text === null) delete out[path];
    else out[path] = text;
  }
  return out;
}

/** Loads and validates an in-memory workspace through the real loader and validator. */
export async function loadExample(files: Readonly<Record<string, string>>): Promise<{ model: WorkspaceModel; diagnostics: Diagnostic[]; ok: boolean }> {
  const loaded = await loadWorkspace(new MemorySource(files));
  const validated = validateWorkspace(loaded.value);
  const diagnostics = [...loaded.diagnostics, ...validated.diagnostics];
  return { model: validated.value, diagnostics, ok: !hasErrors(diagnostics) };
}
