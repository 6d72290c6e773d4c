import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, Option } from 'commander';
import { EXAMPLES, exampleFiles, workflowTemplates, type ExampleName } from '../../init/examples.js';
import { planScaffold, type ScaffoldPlan } from '../../init/scaffold.js';
import type { RegisterCommand } from '../context.js';
import { EXIT } from '../io.js';
import { VERSION } from '../version.js';

interface InitOptions {
  example: ExampleName;
  format: string;
  cwd?: string;
}

/** What to run after init, in order. */
const NEXT = [
  { command: 'npx interlock check', why: 'validate the workspace and run the gate as CI will' },
  { command: 'npx interlock import openapi VENDOR_SPEC.yaml --vendor acme --name tickets --uses OPERATION_ID', why: "start a contract from a vendor's published API" },
  { command: 'npx interlock generate', why: 'write typed adapters for the integrations into generated/' },
];

/**
 * `interlock init`: scaffolds a workspace in the current repository. It never overwrites a file; what
 * exists is listed as skipped, so running it again is harmless.
 */
export const registerInit: RegisterCommand = (program, ctx) => {
  const cmd = new Command('init')
    .description('Scaffold a workspace here: interlock.yaml, policies, one vendor and integration, workflows, editor settings')
    .addOption(new Option('--example <name>', 'what to start from: one vendor and integration, or the full Northwind workspace').choices([...EXAMPLES]).default('minimal'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--cwd <dir>', 'repository to scaffold (default: the current directory)');
  cmd.action(async (opts: InitOptions) => {
    const root = path.resolve(ctx.io.cwd, opts.cwd ?? '.');
    const gitignorePath = path.join(root, '.gitignore');
    const plan = planScaffold({
      example: exampleFiles(opts.example),
      workflows: workflowTemplates(),
      version: VERSION,
      exists: (file) => existsSync(path.join(root, file)),
      gitignore: existsSync(gitignorePath) ? await readFile(gitignorePath, 'utf8') : undefined,
    });
    await writePlan(root, plan);
    if (opts.format === 'json') {
      ctx.io.stdout.write(`${JSON.stringify({ root, example: opts.example, created: plan.create.map((f) => f.path), skipped: plan.skipped, gitignore: plan.gitignoreAppend, next: NEXT.map((n) => n.command) }, null, 2)}\n`);
    } else {
      printPlan(ctx.io.stdout, opts.example, plan);
    }
    ctx.exit(EXIT.ok);
  });
  program.addCommand(cmd);
};

async function writePlan(root: string, plan: ScaffoldPlan): Promise<void> {
  for (const file of plan.create) {
    const target = path.join(root, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    // 'wx': a file that appeared since the plan was made is still never overwritten.
    await writeFile(target, file.text, { flag: 'wx' });
  }
  if (plan.gitignoreAppend.length) {
    const target = path.join(root, '.gitignore');
    const before = existsSync(target) ? await readFile(target, 'utf8') : '';
    const lead = before && !before.endsWith('\n') ? '\n' : '';
    await appendFile(target, `${lead}${before ? '\n' : ''}# Interlock\n${plan.gitignoreAppend.join('\n')}\n`);
  }
}

function printPlan(out: { write(s: string): unknown }, example: string, plan: ScaffoldPlan): void {
  out.write(plan.create.length ? `Created ${plan.create.length} file(s) from the ${example} example:\n` : 'Created nothing: every file exists already.\n');
  for (const f of plan.create) out.write(`  + ${f.path}\n`);
  if (plan.skipped.length) {
    out.write(`Skipped ${plan.skipped.length} file(s) that exist (init never overwrites):\n`);
    for (const f of plan.skipped) out.write(`  = ${f}\n`);
  }
  if (plan.gitignoreAppend.length) out.write(`Added to .gitignore: ${plan.gitignoreAppend.join(', ')}\n`);
  out.write('\nNext:\n');
  for (const n of NEXT) out.write(`  ${n.command}\n      ${n.why}\n`);
}
