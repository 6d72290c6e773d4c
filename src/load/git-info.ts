import { simpleGit } from './git-client.js';
import { FatalError, UsageError } from '../core/errors.js';

export interface GitInfo {
  /** Full commit id of HEAD (or of the revision asked for). */
  commit: string;
  /** `Name <email>` of the commit's author. */
  author: string;
  /** Whether the working tree under `dir` has uncommitted or untracked (not ignored) files; only for HEAD. */
  dirty: boolean;
}

/** The commit and author of a revision (default HEAD) of the repository holding `dir`; null outside a repository. */
export async function readGitInfo(dir: string, revision = 'HEAD'): Promise<GitInfo | null> {
  const git = await simpleGit({ baseDir: dir });
  let inside = false;
  try {
    inside = (await git.revparse(['--is-inside-work-tree'])).trim() === 'true';
  } catch {
    return null;
  }
  if (!inside) return null;
  let line: string;
  try {
    line = (await git.raw(['log', '-1', '--format=%H%x00%an <%ae>', revision, '--'])).trim();
  } catch {
    if (revision === 'HEAD') return null; // a repository without commits yet
    throw new FatalError(`Unknown git revision '${revision}' in ${dir}`);
  }
  if (!line) return null;
  const [commit, author] = line.split('\0');
  const dirty = revision === 'HEAD' ? (await git.raw(['status', '--porcelain', '--untracked-files=normal', '--', '.'])).trim() !== '' : false;
  return { commit, author, dirty };
}

/** The commit a branch (or any revision) names now, for reconcile's "latest commit of the branch". */
/**
 * One revision (a commit, branch, tag or `HEAD~1`), never a range, an option or a path: git would read
 * `A..B` or `--output=…` as something else than one tree. A usage error (exit 2) names what was given.
 */
export function assertSingleRevision(revision: string): void {
  if (revision.includes('..')) throw new UsageError(`'${revision}' is a range; give one revision (a commit, branch or tag), e.g. ${revision.split('..')[0] || 'HEAD~1'}`);
  if (!revision || revision.startsWith('-') || /[\s:\0]/.test(revision)) throw new UsageError(`'${revision}' is not a git revision; give a commit, branch or tag`);
}

export async function resolveRevision(dir: string, revision: string): Promise<string> {
  assertSingleRevision(revision);
  const git = await simpleGit({ baseDir: dir });
  try {
    const commit = (await git.revparse(['--verify', '--quiet', `${revision}^{commit}`])).trim();
    if (commit) return commit;
  } catch {
    // fall through
  }
  throw new FatalError(`Unknown git revision '${revision}' in ${dir}`);
}

/** A file a commit changed, with its content before the commit (null when the commit added it). */
export interface CommitFile {
  path: string;
  previous: string | null;
}

/**
 * What reverting `commit` means file by file, relative to the repository root: each path it touched
 * with its content in the commit's first parent (for a rename, the old path comes back and the new
 * one goes). Used to propose a revert after a rollback.
 */
export async function filesBeforeCommit(dir: string, commit: string): Promise<CommitFile[]> {
  const git = await simpleGit({ baseDir: dir });
  const raw = await git.raw(['diff-tree', '--no-commit-id', '-r', '-M', '--name-status', '-z', `${commit}^`, commit]);
  const parts = raw.split('\0').filter(Boolean);
  const out: CommitFile[] = [];
  const before = (p: string) => git.show([`${commit}^:${p}`]);
  for (let i = 0; i < parts.length; ) {
    const status = parts[i++];
    if (status.startsWith('R')) {
      const from = parts[i++];
      const to = parts[i++];
      out.push({ path: from, previous: await before(from) }, { path: to, previous: null });
    } else {
      const p = parts[i++];
      out.push({ path: p, previous: status === 'A' ? null : await before(p) });
    }
  }
  return out;
}
