import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../../src/runtime/package-files.js';

/**
 * The file URL of a module of the built runtime (`dist/src/runtime/<relative>`), for a script run in a child
 * process: crash tests kill that process with SIGKILL, so it must run the build, not vitest's transform.
 */
export function builtRuntimeModule(relative: string): string {
  const file = path.join(packageRoot(), 'dist', 'src', 'runtime', relative);
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build first`);
  return JSON.stringify(pathToFileURL(file).href);
}

/**
 * Runs `script` (an ES module body) in its own Node process and resolves with the JSON object it prints as
 * its first line — the runtime's URL and whatever else the test needs. Rejects if the process exits first.
 */
export async function spawnRuntimeScript<T extends object>(script: string, env?: NodeJS.ProcessEnv): Promise<{ child: ChildProcess } & T> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'], ...(env ? { env } : {}) });
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`runtime exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  return { child, ...(JSON.parse(line) as T) };
}
