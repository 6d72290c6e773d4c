import type { Diagnostic } from '../core/diagnostic.js';
import { locationOf } from '../core/document.js';
import type { WorkspaceModel } from '../validate/model.js';
import type { GeneratedDrift } from './compare.js';

/** How one adapter folder (`generated/<integration>/`) differs from what would be generated. */
export interface StaleAdapter {
  /** The folder's name: the integration it was generated for. */
  adapter: string;
  /** File names inside the folder, sorted. */
  missing: string[];
  stale: string[];
  extra: string[];
}

/** Groups the drift by adapter folder; files directly under generated/ group under their own name. */
export function staleAdapters(drift: GeneratedDrift): StaleAdapter[] {
  const byAdapter = new Map<string, StaleAdapter>();
  const add = (state: 'missing' | 'stale' | 'extra', file: string) => {
    const rest = file.slice(file.indexOf('/') + 1);
    const slash = rest.indexOf('/');
    const adapter = slash === -1 ? rest : rest.slice(0, slash);
    const entry = byAdapter.get(adapter) ?? { adapter, missing: [], stale: [], extra: [] };
    entry[state].push(slash === -1 ? rest : rest.slice(slash + 1));
    byAdapter.set(adapter, entry);
  };
  for (const state of ['missing', 'stale', 'extra'] as const) for (const file of drift[state]) add(state, file);
  return [...byAdapter.values()].sort((a, b) => (a.adapter < b.adapter ? -1 : 1)).map((a) => ({ ...a, missing: a.missing.sort(), stale: a.stale.sort(), extra: a.extra.sort() }));
}

/**
 * One `generate/stale` error per adapter that differs, naming its files. It sits on the integration's
 * manifest (`metadata.name`), where the adapter comes from; an adapter with no integration any more sits on
 * its folder.
 */
export function staleDiagnostics(model: WorkspaceModel, drift: GeneratedDrift): Diagnostic[] {
  return staleAdapters(drift).map((a) => {
    const folder = `generated/${a.adapter}/`;
    const parts = [list('missing', a.missing), list('changed', a.stale), list('no longer generated', a.extra)].filter(Boolean);
    const integration = model.integrations.get(a.adapter);
    const orphan = !integration && a.missing.length + a.stale.length === 0;
    return {
      severity: 'error',
      code: 'generate/stale',
      message: `${orphan ? `${folder} belongs to no integration` : `the adapter in ${folder} is out of date`} (${parts.join('; ')}); run \`interlock generate\` and commit generated/`,
      location: integration ? locationOf(integration.doc, '/metadata/name') : { file: folder },
      data: { adapter: a.adapter, missing: a.missing, stale: a.stale, extra: a.extra },
    };
  });
}

function list(label: string, files: string[]): string {
  return files.length ? `${label}: ${files.join(', ')}` : '';
}
