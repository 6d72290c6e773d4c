import { run } from '../../src/cli/main.js';
import type { TestRole, TestRuntime } from './test-runtime.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** The CLI in-process against a test runtime, with a role's token: `cli('jobs', 'list')`. */
export function runtimeCli(t: () => TestRuntime, role: TestRole = 'operator'): (...argv: string[]) => Promise<CliRun> {
  return async (...argv) => {
    let out = '';
    let err = '';
    const code = await run(argv, {
      stdout: { write: (c: string) => (out += c) },
      stderr: { write: (c: string) => (err += c) },
      env: { INTERLOCK_RUNTIME_URL: t().runtime.url, INTERLOCK_TOKEN: t().tokens[role] },
      cwd: process.cwd(),
    });
    return { code, out, err };
  };
}
