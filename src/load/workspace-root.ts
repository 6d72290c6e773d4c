import { statSync } from 'node:fs';
import path from 'node:path';

/** The file that marks a workspace root (written by `interlock init`); it may hold workspace settings. */
export const WORKSPACE_MARKER = 'interlock.yaml';

/** Folders whose presence makes a directory a workspace when no marker file is found above it. */
const WORKSPACE_FOLDERS = ['integrations', 'contracts'];

export type WorkspaceRootReason = 'marker' | 'folders';

export interface WorkspaceRoot {
  dir: string;
  /** How the root was recognised: its `interlock.yaml`, or its `integrations/` or `contracts/` folder. */
  reason: WorkspaceRootReason;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Whether `dir` itself is a workspace root (has the marker, or an `integrations/` or `contracts/` folder). */
export function workspaceRootAt(dir: string): WorkspaceRoot | undefined {
  if (isFile(path.join(dir, WORKSPACE_MARKER))) return { dir, reason: 'marker' };
  if (WORKSPACE_FOLDERS.some((f) => isDirectory(path.join(dir, f)))) return { dir, reason: 'folders' };
  return undefined;
}

/**
 * The workspace `start` lies in: the nearest ancestor (or `start` itself) holding `interlock.yaml`;
 * failing that, the nearest one with an `integrations/` or `contracts/` folder. Undefined outside any
 * workspace, so that a command run in the wrong place says so instead of checking nothing.
 */
export function findWorkspaceRoot(start: string): WorkspaceRoot | undefined {
  const chain: string[] = [];
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    chain.push(dir);
    if (path.dirname(dir) === dir) break;
  }
  const marked = chain.find((dir) => isFile(path.join(dir, WORKSPACE_MARKER)));
  if (marked) return { dir: marked, reason: 'marker' };
  const folders = chain.find((dir) => WORKSPACE_FOLDERS.some((f) => isDirectory(path.join(dir, f))));
  return folders ? { dir: folders, reason: 'folders' } : undefined;
}
