import { Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { commands } from './index.js';

const ctx = { io: { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: '.' }, exit: () => {} };

describe('the command registry', () => {
  it('lists each command as its module registers it (name, usage, summary), so --help needs no module', async () => {
    const help = new Help();
    for (const descriptor of commands) {
      const program = new Command('interlock');
      (await descriptor.load())(program, ctx);
      expect(program.commands.map((c) => c.name())).toEqual([descriptor.name]);
      const [cmd] = program.commands;
      expect(help.subcommandTerm(cmd)).toBe(descriptor.usage ? `${descriptor.name} ${descriptor.usage}` : descriptor.name);
      expect(cmd.description()).toBe(descriptor.summary);
    }
  });

  it('names each command once', () => {
    expect(new Set(commands.map((c) => c.name)).size).toBe(commands.length);
  });
});
