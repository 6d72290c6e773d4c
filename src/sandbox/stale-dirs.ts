import { lstat, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The prefix of every sandbox's temporary folder. */
export const SANDBOX_DIR_PREFIX = 'interlock-sandbox-';

/** The file in a sandbox's folder naming the process that owns it. */
const OWNER_FILE = 'owner.json';

interface Owner {
  pid: number;
}

/** Records this process as the folder's owner, so that a later sandbox can tell it was left behind. */
export async function claimSandboxDir(dir: string, pid = process.pid): Promise<void> {
  await writeFile(path.join(dir, OWNER_FILE), `${JSON.stringify({ pid } satisfies Owner)}\n`, { mode: 0o600 });
}

/** Whether a process with this id runs (EPERM: it does, as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the sandbox folders in `root` whose owning process is gone: a sandbox killed with SIGKILL (or a
 * crashed machine) cannot remove its own. Only folders this user owns and that name their owner are
 * touched: one without an owner file may be a sandbox still starting (or one from before owners were
 * recorded), and is left alone. Returns the folders removed.
 */
export async function removeStaleSandboxDirs(root: string, alive: (pid: number) => boolean = processAlive): Promise<string[]> {
  const removed: string[] = [];
  let names: string[];
  try {
    names = (await readdir(root)).filter((n) => n.startsWith(SANDBOX_DIR_PREFIX));
  } catch {
    return removed;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    const dir = path.join(root, name);
    try {
      const info = await lstat(dir);
      if (!info.isDirectory() || (uid !== undefined && info.uid !== uid)) continue;
      const owner = JSON.parse(await readFile(path.join(dir, OWNER_FILE), 'utf8')) as Partial<Owner>;
      if (!Number.isInteger(owner.pid) || owner.pid! <= 0 || owner.pid === process.pid || alive(owner.pid!)) continue;
      await rm(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // No owner file (yet), unreadable, or removed meanwhile by another sandbox: not ours to judge.
    }
  }
  return removed;
}
