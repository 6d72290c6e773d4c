import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

/** The embedded engine allows one process per data directory; a second opener would corrupt it. */
export class DirectoryInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`the data directory ${dir} is in use by process ${pid}`);
    this.name = 'DirectoryInUseError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<file>` exclusively for this process (created atomically, holding our pid). A lock left by a
 * process that no longer exists (kill -9) is taken over. Returns the release function.
 */
export function lockDirectory(file: string, dir: string): () => void {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(file);
        } catch {
          // already gone: nothing to release
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw new DirectoryInUseError(dir, pid);
      if (pid === process.pid) throw new DirectoryInUseError(dir, pid);
      unlinkSync(file);
    }
  }
  throw new Error(`cannot lock ${dir}`);
}
