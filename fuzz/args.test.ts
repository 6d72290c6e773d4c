import { describe, expect, it } from 'vitest';
import { parseFuzzArgs } from './args.js';

describe('npm run fuzz flags', () => {
  it('defaults to the 10,000-case run and takes whole numbers', () => {
    expect(parseFuzzArgs([])).toEqual({ args: { cases: 10_000, seed: 20261204, hangMs: 60_000, maxDepth: 2_000 } });
    expect(parseFuzzArgs(['--cases', '40', '--seed', '7', '--hang-ms', '500', '--max-depth', '64'])).toEqual({ args: { cases: 40, seed: 7, hangMs: 500, maxDepth: 64 } });
  });

  it('answers --help with the usage instead of starting a run', () => {
    for (const flag of ['--help', '-h']) expect(parseFuzzArgs([flag])).toEqual({ help: expect.stringContaining('--cases N') as unknown });
  });

  it('refuses what it does not know or cannot count, rather than running 0 cases and reporting no defects', () => {
    const errors = [['--case', '5'], ['--cases', 'ten'], ['--cases', '1e4'], ['--cases', '0'], ['--cases'], ['--hang-ms', '-1'], ['extra']].map((argv) => parseFuzzArgs(argv));
    for (const result of errors) expect(result).toEqual({ error: expect.stringContaining('usage: npm run fuzz') as unknown });
    expect(parseFuzzArgs(['--cases', 'ten'])).toEqual({ error: expect.stringMatching(/^--cases must be a whole number of at least 1, got 'ten'/) as unknown });
  });
});
