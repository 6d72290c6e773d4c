import { describe, expect, it } from 'vitest';
import { run } from './main.js';

function io() {
  const err: string[] = [];
  return { err, io: { stdout: { write: () => true }, stderr: { write: (s: string) => err.push(s) }, env: {}, cwd: process.cwd() } };
}

/** A command-line mistake is exit 2 at every depth of the command tree, and never ends the process from inside commander. */
describe('usage errors from commander', () => {
  it.each([
    [['validate', 'extra-arg'], /too many arguments for 'validate'/],
    [['runtime', 'token', 'create', '--role', 'operator', '--expires-in', '5', 'years'], /too many arguments for 'create'/],
    [['runtime', 'token', 'list', '--bogus'], /unknown option '--bogus'/],
  ])('%j → exit 2', async (argv, message) => {
    const { err, io: cli } = io();
    expect(await run(argv, cli)).toBe(2);
    expect(err.join('')).toMatch(message);
  });
});
