import type { WorkspaceFile } from '../load/workspace.js';

/** How the files on disk differ from what would be generated. */
export interface GeneratedDrift {
  /** Would be written but are absent. */
  missing: string[];
  /** Present with different content. */
  stale: string[];
  /** Present under generated/ but would not be generated. */
  extra: string[];
}

/** Compares the generated set with what is on disk (path → content), both workspace-relative. */
export function compareGenerated(wanted: ReadonlyMap<string, string>, onDisk: ReadonlyMap<string, string>): GeneratedDrift {
  const drift: GeneratedDrift = { missing: [], stale: [], extra: [] };
  for (const [path, text] of wanted) {
    const current = onDisk.get(path);
    if (current === undefined) drift.missing.push(path);
    else if (current !== text) drift.stale.push(path);
  }
  for (const path of onDisk.keys()) if (!wanted.has(path)) drift.extra.push(path);
  drift.missing.sort();
  drift.stale.sort();
  drift.extra.sort();
  return drift;
}

/** Every file under generated/ as the loader read it, by workspace-relative path (generated/ belongs to the generator). */
export function generatedInWorkspace(files: ReadonlyMap<string, WorkspaceFile>): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files.values()) if (f.role === 'generated' && f.text !== undefined) out.set(f.path, f.text);
  return out;
}
