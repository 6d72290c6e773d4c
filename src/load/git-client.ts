import type { SimpleGit, SimpleGitOptions } from 'simple-git';

/** simple-git, imported on first use: most commands read the working tree and never start git. */
export async function simpleGit(options: Partial<SimpleGitOptions>): Promise<SimpleGit> {
  const { simpleGit: create } = await import('simple-git');
  return create(options);
}
