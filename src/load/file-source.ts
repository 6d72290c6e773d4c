import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SimpleGit } from 'simple-git';
import { FatalError } from '../core/errors.js';
import { simpleGit } from './git-client.js';
import { assertSingleRevision } from './git-info.js';

/** Largest file the loader reads; larger files get a located error instead of being parsed. */
export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface FileEntry {
  /** Workspace-relative POSIX path. */
  path: string;
  size: number;
}

/**
 * Where workspace files come from: the working tree, or a git revision read without a checkout.
 * The loader is the only part of Interlock that touches disk or git, through this interface.
 */
export interface FileSource {
  /** Human description: the directory, or `REV` for a revision. */
  readonly label: string;
  list(): Promise<FileEntry[]>;
  read(relPath: string): Promise<string>;
}

// generated/ is read too: the plan hashes each integration's generated adapter.
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist']);

export class DirectorySource implements FileSource {
  readonly label: string;

  constructor(readonly root: string) {
    this.label = root;
  }

  async list(): Promise<FileEntry[]> {
    const out: FileEntry[] = [];
    const walk = async (rel: string): Promise<void> => {
      const dir = path.join(this.root, rel);
      const entries = await readdir(dir, { withFileTypes: true });
      await Promise.all(
        entries.map(async (entry) => {
          const relPath = rel ? `${rel}/${entry.name}` : entry.name;
          if (entry.isDirectory()) {
            if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) await walk(relPath);
          } else if (entry.isFile()) {
            const info = await stat(path.join(dir, entry.name));
            out.push({ path: relPath, size: info.size });
          }
        }),
      );
    };
    try {
      await walk('');
    } catch (error) {
      throw new FatalError(`Cannot read workspace directory ${this.root}: ${(error as Error).message}`);
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  read(relPath: string): Promise<string> {
    return readFile(path.join(this.root, relPath), 'utf8');
  }
}

/** Files of a git revision, read from the object store: no checkout, the working tree is untouched. */
export class GitRevisionSource implements FileSource {
  readonly label: string;
  private client?: Promise<SimpleGit>;
  private prefix = '';

  constructor(
    readonly repoDir: string,
    readonly revision: string,
  ) {
    this.label = revision;
  }

  /** simple-git, started on first use. */
  private git(): Promise<SimpleGit> {
    this.client ??= simpleGit({ baseDir: this.repoDir, maxConcurrentProcesses: 4 });
    return this.client;
  }

  /** The commit id the revision names; throws a FatalError when it names nothing. */
  async resolveCommit(): Promise<string> {
    assertSingleRevision(this.revision);
    let commit = '';
    try {
      commit = (await (await this.git()).revparse(['--verify', '--quiet', `${this.revision}^{commit}`])).trim();
    } catch {
      commit = '';
    }
    if (!commit) throw new FatalError(`Unknown git revision '${this.revision}' in ${this.repoDir}`);
    return commit;
  }

  async list(): Promise<FileEntry[]> {
    await this.resolveCommit();
    // The workspace may be a sub-folder of the repository.
    this.prefix = (await (await this.git()).revparse(['--show-prefix'])).trim();
    const raw = await (await this.git()).raw(['ls-tree', '-r', '-l', '-z', '--full-tree', this.revision, '--', this.prefix || '.']);
    const out: FileEntry[] = [];
    for (const line of raw.split('\0')) {
      if (!line) continue;
      // <mode> SP <type> SP <object> SP+ <size> TAB <path>
      const tab = line.indexOf('\t');
      const meta = line.slice(0, tab).split(/\s+/);
      if (meta[1] !== 'blob') continue;
      const full = line.slice(tab + 1);
      if (this.prefix && !full.startsWith(this.prefix)) continue;
      const rel = full.slice(this.prefix.length);
      if (rel.split('/').some((part) => SKIP_DIRS.has(part) || part.startsWith('.'))) continue;
      out.push({ path: rel, size: Number(meta[3]) });
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async read(relPath: string): Promise<string> {
    return (await this.git()).show([`${this.revision}:${this.prefix}${relPath}`]);
  }
}
