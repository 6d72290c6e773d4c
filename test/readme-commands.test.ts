/**
 * The docs promise only flags the CLI has: every `interlock <command> … --flag` written in README.md and
 * docs/ (code spans and code blocks) names a command that exists and flags it declares, and the common
 * flags README.md promises (`--format`, `--cwd`) are on every command it says they are.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { loadAllCommands } from '../src/cli/commands/index.js';

const registrations = await loadAllCommands();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function program(): Command {
  const p = new Command('interlock');
  const ctx = { io: { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: '.' }, exit: () => {} };
  for (const register of registrations) register(p, ctx);
  return p;
}

function leaves(cmd: Command, prefix: string[] = []): { name: string; cmd: Command }[] {
  if (!cmd.commands.length) return [{ name: prefix.join(' '), cmd }];
  return cmd.commands.flatMap((sub) => leaves(sub, [...prefix, sub.name()]));
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return markdownFiles(full);
    return e.name.endsWith('.md') ? [full] : [];
  });
}

/** Code the reader would type: fenced blocks and inline code spans. */
function codeOf(text: string): string[] {
  const out: string[] = [];
  const fence = /^```[^\n]*\n([\s\S]*?)^```/gm;
  for (const m of text.matchAll(fence)) out.push(...m[1].split('\n'));
  for (const m of text.replace(fence, '').matchAll(/`([^`\n]+)`/g)) out.push(m[1]);
  return out;
}

interface Usage {
  file: string;
  text: string;
  /** Candidate command paths (`report github|sarif` names several). */
  paths: string[][];
  flags: string[];
  /** Values written after `--format` (`text|json|sarif` names three). */
  formats: string[];
}

/** `interlock check --base REF` → {paths: [['check']], flags: ['--base']}; arguments and values are skipped. */
function usages(file: string, line: string, cli: Command): Usage[] {
  const out: Usage[] = [];
  for (const segment of line.split(/\s(?:&&|\|\||\||;|#)\s|\$\(|\)/)) {
    const start = segment.search(/(?:^|\s)interlock\s/);
    if (start === -1) continue;
    const tokens = segment.slice(start).trim().split(/\s+/).slice(1);
    let nodes: { path: string[]; cmd: Command }[] = [{ path: [], cmd: cli }];
    const flags: string[] = [];
    const formats: string[] = [];
    let previous = '';
    for (const raw of tokens) {
      const token = raw.replace(/^[[(]+|[\])…,.]+$/g, '');
      const after = previous;
      previous = token;
      if (token.startsWith('--')) {
        flags.push(token.replace(/=.*$/, ''));
        if (token.startsWith('--format=')) formats.push(...token.slice('--format='.length).split('|'));
        continue;
      }
      // The value of --format: each alternative must be one of the command's formats.
      if (after === '--format') {
        formats.push(...token.split('|'));
        continue;
      }
      const names = token.split('|');
      const next = nodes.flatMap((n) => names.map((name) => ({ path: [...n.path, name], cmd: n.cmd.commands.find((c) => c.name() === name) })));
      if (nodes.every((n) => n.cmd.commands.length) && next.every((n) => n.cmd)) nodes = next as { path: string[]; cmd: Command }[];
    }
    if (nodes[0].path.length) out.push({ file: path.relative(root, file), text: segment.trim(), paths: nodes.map((n) => n.path), flags, formats });
  }
  return out;
}

function find(cli: Command, p: string[]): Command | undefined {
  let cmd: Command | undefined = cli;
  for (const name of p) cmd = cmd?.commands.find((c) => c.name() === name);
  return cmd;
}

const GLOBAL = new Set(['--help', '--version']);

/** What README.md's "Common flags" paragraph says takes no --format, and which commands work without a workspace. */
const NO_FORMAT = ['report sarif', 'report markdown', 'reconcile', 'runtime start', 'mock'];
const RUNTIME_ONLY = ['runtime', 'audit', 'events', 'deliveries', 'calls', 'jobs', 'exports', 'streams', 'erasure', 'trust', 'alerts', 'report monthly'];

describe('README and docs promise only flags the commands accept', () => {
  const cli = program();
  const files = [path.join(root, 'README.md'), ...markdownFiles(path.join(root, 'docs'))];
  const all = files.flatMap((file) => codeOf(readFileSync(file, 'utf8')).flatMap((line) => usages(file, line, cli)));

  it('finds the usages (the parser still reads the docs)', () => {
    expect(all.length).toBeGreaterThan(50);
    expect(all.some((u) => u.paths[0].join(' ') === 'check' && u.flags.includes('--verify-approvals'))).toBe(true);
    const parsed = usages('x.md', 'npx interlock report github|sarif [--input r.json] && INTERLOCK_TOKEN=$(interlock runtime token create --role operator)', cli);
    expect(usages('x.md', 'interlock check --format text|json|sarif', cli)[0].formats).toEqual(['text', 'json', 'sarif']);
    expect(parsed.map((u) => [u.paths, u.flags])).toEqual([
      [[['report', 'github'], ['report', 'sarif']], ['--input']],
      [[['runtime', 'token', 'create']], ['--role']],
    ]);
  });

  it('every `interlock <command> --flag` in README.md and docs/ is declared by that command', () => {
    const wrong: string[] = [];
    for (const u of all) {
      for (const p of u.paths) {
        const cmd = find(cli, p)!;
        if (u.flags.length && cmd.commands.length) wrong.push(`${u.file}: \`${u.text}\`: ${p.join(' ')} needs a subcommand`);
        const declared = new Set(cmd.options.map((o) => o.long));
        for (const f of u.flags) if (!declared.has(f) && !GLOBAL.has(f)) wrong.push(`${u.file}: \`${u.text}\`: ${p.join(' ')} has no ${f}`);
        const choices = cmd.options.find((o) => o.long === '--format')?.argChoices;
        for (const f of u.formats) if (choices && !choices.includes(f)) wrong.push(`${u.file}: \`${u.text}\`: ${p.join(' ')} has no --format ${f}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('--format text|json and --cwd are where README.md says they are', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const paragraph = readme.slice(readme.indexOf('Common flags:'), readme.indexOf('\n\n', readme.indexOf('Common flags:')));
    for (const name of [...NO_FORMAT, ...RUNTIME_ONLY]) expect(paragraph, name).toContain(`\`${name}\``);
    for (const { name, cmd } of leaves(cli)) {
      const format = cmd.options.find((o) => o.long === '--format');
      if (!NO_FORMAT.includes(name)) expect(format?.argChoices, name).toEqual(expect.arrayContaining(['text', 'json']));
      const has = (flag: string) => cmd.options.some((o) => o.long === flag);
      if (name === 'runtime start') expect(has('--workspace'), name).toBe(true);
      else if (RUNTIME_ONLY.includes(name.split(' ')[0]) || RUNTIME_ONLY.includes(name)) expect(has('--runtime'), `${name} --runtime`).toBe(true);
      else expect(has('--cwd'), `${name} --cwd`).toBe(true);
    }
  });
});
