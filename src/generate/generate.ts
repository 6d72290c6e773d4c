import { createHash } from 'node:crypto';
import type { Diagnostic, Result } from '../core/diagnostic.js';
import type { WorkspaceModel } from '../validate/model.js';
import { buildAdapter } from './model/build-adapter.js';
import { createRenderer } from './render/render.js';
import { effectiveTemplates } from './render/templates.js';

/** Bumped when the generator's output changes for the same inputs, so the hash (and --check) notices. */
export const GENERATOR_VERSION = '1';

export interface GeneratedFiles {
  /** Workspace-relative path (`generated/<integration>/<file>`) → content. */
  files: Map<string, string>;
  /** Integrations that got an adapter, sorted. */
  adapters: string[];
  /** Built-in templates the workspace's `templates/` replaced. */
  overriddenTemplates: string[];
}

/**
 * Adapters for every integration that uses operations of a readable contract. Pure: the caller
 * writes the files (and removes stale ones). Same model → byte-identical files.
 */
export function generateAdapters(model: WorkspaceModel): Result<GeneratedFiles> {
  const diagnostics: Diagnostic[] = [];
  const workspaceTemplates = new Map<string, string>();
  for (const f of model.workspace.files.values()) if (f.role === 'template' && f.text !== undefined) workspaceTemplates.set(f.path, f.text);
  const { templates, overridden } = effectiveTemplates(workspaceTemplates);
  const renderer = createRenderer(templates);
  const templateHash = sha256([...templates].map(([name, text]) => `${name}\n${text}`).join('\0'));
  const files = new Map<string, string>();
  const adapters: string[] = [];
  for (const name of [...model.integrations.keys()].sort()) {
    const integration = model.integrations.get(name)!;
    const built = buildAdapter(model, integration);
    diagnostics.push(...built.diagnostics);
    if (!built.value) continue;
    built.value.header.inputHash = sha256([GENERATOR_VERSION, templateHash, JSON.stringify(integration.manifest), ...built.inputs].join('\0'));
    const rendered = renderer.render(built.value);
    diagnostics.push(...rendered.diagnostics);
    for (const [path, text] of rendered.files) files.set(path, text);
    adapters.push(name);
  }
  return { value: { files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1))), adapters, overriddenTemplates: overridden }, diagnostics: unique(diagnostics) };
}

/** Integrations sharing a contract meet the same unsupported construct; report it once. */
function unique(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}\0${d.location?.file}\0${d.location?.pointer ?? ''}\0${d.location?.line}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Line endings are normalised first, so a CRLF checkout hashes (and checks) the same as an LF one. */
function sha256(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n?/g, '\n')).digest('hex');
}
