import { Command, type Option } from 'commander';
import { loadAllCommands } from '../src/cli/commands/index.js';

/**
 * The command reference in docs/cli.md, rendered from the registered commands themselves so the doc
 * cannot drift from the CLI (a test compares the two; `npm run docs` rewrites it).
 */
export async function renderCliReference(): Promise<string> {
  const program = new Command('interlock');
  const ctx = { io: { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: '.' }, exit: () => {} };
  for (const register of await loadAllCommands()) register(program, ctx);
  const out: string[] = [];
  const visit = (cmd: Command, path: string[]) => {
    const name = [...path, cmd.name()];
    if (cmd.commands.length) {
      for (const sub of cmd.commands) visit(sub, name);
      return;
    }
    const args = cmd.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`)).join(' ');
    out.push(`### \`interlock ${name.join(' ')}\``, '', cmd.description(), '', '```', `interlock ${name.join(' ')}${args ? ' ' + args : ''} [options]`, '```', '');
    const options = cmd.options.filter((o: Option) => o.long !== '--help');
    if (options.length) {
      out.push('| option | meaning |', '|---|---|');
      for (const o of options) {
        const extras: string[] = [];
        if (o.argChoices) extras.push(`one of ${o.argChoices.map((c) => `\`${c}\``).join(', ')}`);
        if (o.defaultValue !== undefined && typeof o.defaultValue !== 'boolean') extras.push(`default \`${String(o.defaultValue)}\``);
        const meaning = o.description.replace(/\|/g, '\\|') + (extras.length ? ` (${extras.join('; ')})` : '');
        out.push(`| \`${o.flags}\` | ${meaning} |`);
      }
      out.push('');
    }
  };
  for (const cmd of program.commands) visit(cmd, []);
  return out.join('\n');
}

export const BEGIN = '<!-- begin generated command reference: npm run docs -->';
export const END = '<!-- end generated command reference -->';

/** docs/cli.md with its generated section replaced by the current reference. */
export async function withCliReference(doc: string): Promise<string> {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start === -1 || end === -1) throw new Error('docs/cli.md lacks the generated-reference markers');
  return doc.slice(0, start + BEGIN.length) + '\n\n' + (await renderCliReference()) + '\n' + doc.slice(end);
}
