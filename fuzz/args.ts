import { parseArgs } from 'node:util';

export interface FuzzArgs {
  cases: number;
  seed: number;
  hangMs: number;
  maxDepth: number;
}

export const FUZZ_USAGE = `usage: npm run fuzz [-- --cases N --seed S --hang-ms MS --max-depth D]
  --cases N      cases to run (default 10000)
  --seed S       seed of the mutations (default 20261204); a defect names its case for replay
  --hang-ms MS   a case silent this long is a hang (default 60000)
  --max-depth D  nesting of the deepest generated input (default 2000)`;

const DEFAULTS: FuzzArgs = { cases: 10_000, seed: 20261204, hangMs: 60_000, maxDepth: 2_000 };

/**
 * The fuzz run's flags. `--help` and mistakes are answered, never run: a misspelt flag used to be ignored
 * (so `--help` started the 10,000-case run) and a value that is not a number made a run of 0 cases that
 * reported "0 crashes, 0 hangs" — a false success.
 */
export function parseFuzzArgs(argv: string[]): { args: FuzzArgs } | { help: string } | { error: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { cases: { type: 'string' }, seed: { type: 'string' }, 'hang-ms': { type: 'string' }, 'max-depth': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    return { error: `${(error as Error).message}\n${FUZZ_USAGE}` };
  }
  if (parsed.values.help) return { help: FUZZ_USAGE };
  const args = { ...DEFAULTS };
  const flags: [keyof FuzzArgs, string, number][] = [
    ['cases', 'cases', 1],
    ['seed', 'seed', 0],
    ['hangMs', 'hang-ms', 1],
    ['maxDepth', 'max-depth', 1],
  ];
  for (const [key, flag, min] of flags) {
    const given = parsed.values[flag as 'cases'];
    if (given === undefined) continue;
    const n = Number(given);
    if (!/^\d+$/.test(given) || !Number.isSafeInteger(n) || n < min) return { error: `--${flag} must be a whole number of at least ${min}, got '${given}'\n${FUZZ_USAGE}` };
    args[key] = n;
  }
  return { args };
}
