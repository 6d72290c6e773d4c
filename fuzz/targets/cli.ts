import { run } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { judgeCli, type Outcome } from '../outcome.js';

/** Runs the CLI in-process in `cwd`, capturing its output, and judges the result. */
export async function runCli(args: string[], cwd: string): Promise<{ outcome: Outcome; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env: { NO_COLOR: '1' }, cwd };
  let code: number | Error;
  try {
    code = await run(args, io);
  } catch (error) {
    code = error instanceof Error ? error : new Error(String(error));
  }
  return { outcome: judgeCli(code, stdout, stderr), stdout, stderr };
}
