import { simpleGit } from 'simple-git';
import { FatalError } from '../core/errors.js';

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
  const git = simpleGit({ baseDir: dir });
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
export async function resolveRevision(dir: string, revision: string): Promise<string> {
  const git = simpleGit({ baseDir: dir });
  try {
    const commit = (await git.revparse(['--verify', '--quiet', `${revision}^{commit}`])).trim();
    if (commit) return commit;
  } catch {
    // fall through
  }
  throw new FatalError(`Unknown git revision '${revision}' in ${dir}`);
}
