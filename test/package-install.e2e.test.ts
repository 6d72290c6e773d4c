/**
 * Interlock as a team installs it: `npm pack` the project, install the tarball into a fresh git
 * repository outside the project, and run the product there: init, check, diff, generate, plan against a
 * runtime started from the installed package.
 *
 * No network: the temporary repository gets a package-lock.json made from this project's own lockfile
 * (the production dependencies, with their resolved URLs and integrity hashes), so `npm ci --offline`
 * takes every dependency tarball from the npm cache that this project's `npm ci` filled. A dependency
 * missing from the cache fails with npm's ENOTCACHED, never a silent download.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function exec(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A lockfile for a repository depending only on the tarball, from this project's production dependencies. */
function consumerLock(tarball: string): unknown {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; dependencies?: Record<string, string>; bin?: unknown; engines?: unknown; license?: string }> };
  const self = lock.packages[''];
  const packages: Record<string, unknown> = {
    '': { name: 'team-repo', version: '1.0.0', dependencies: { [pkg.name]: `file:${tarball}` } },
    [`node_modules/${pkg.name}`]: { version: pkg.version, resolved: `file:${tarball}`, license: self.license, dependencies: self.dependencies, bin: self.bin, engines: self.engines },
  };
  for (const [key, entry] of Object.entries(lock.packages)) if (key !== '' && !entry.dev) packages[key] = entry;
  return { name: 'team-repo', version: '1.0.0', lockfileVersion: 3, requires: true, packages };
}

let repo: string;
let bin: string;
let runtime: ChildProcess | undefined;

const interlock = (...args: string[]) => exec(process.execPath, [bin, ...args], repo);

// Each step spawns the installed CLI a few times; on a loaded machine that is slow, never wrong.
describe('the packed package, installed in a fresh repository', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    if (!existsSync(path.join(root, 'dist/src/cli/main.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    repo = mkdtempSync(path.join(os.tmpdir(), 'interlock-team-repo-'));
    // Packed from the build `npm test` just made; --ignore-scripts skips `prepare` (a second build).
    const packed = await exec('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', repo], root);
    expect(packed.code, packed.stderr).toBe(0);
    const [{ filename, files }] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    const shipped = files.map((f) => f.path);
    // What every command needs at run time, and nothing of the project's own tests.
    expect(shipped).toEqual(expect.arrayContaining(['LICENSE', 'bin/interlock.js', 'dist/schemas/common.schema.json', 'schemas/manifest.schema.json', 'action.yml', 'examples/minimal/integrations/acme/vendor.yaml', 'policies/access.conf', 'contracts/interlock/runtime-admin.openapi.yaml', 'src/generate/templates/client.ts.hbs']));
    expect(shipped.filter((f) => /\.test\.|\.map$|^test\/|__fixtures__/.test(f))).toEqual([]);

    expect((await exec('git', ['init', '-q'], repo)).code).toBe(0);
    writeFileSync(path.join(repo, 'package.json'), JSON.stringify({ name: 'team-repo', version: '1.0.0', private: true, dependencies: { [pkg.name]: `file:${filename}` } }, null, 2));
    writeFileSync(path.join(repo, 'package-lock.json'), JSON.stringify(consumerLock(filename), null, 2));
    const installed = await exec('npm', ['ci', '--offline', '--no-audit', '--no-fund'], repo);
    expect(installed.code, installed.stderr).toBe(0);
    bin = path.join(repo, 'node_modules', pkg.name, 'bin', 'interlock.js');
    console.info(`package-install: ${filename} (${shipped.length} files) installed offline from the npm cache into ${repo}`);
  }, 300_000);

  afterAll(async () => {
    if (runtime && runtime.exitCode === null) {
      const exited = new Promise((resolve) => runtime!.once('exit', resolve));
      runtime.kill('SIGTERM');
      await exited;
    }
    if (repo) rmSync(repo, { recursive: true, force: true });
  });

  it('prints its version', async () => {
    const ran = await interlock('--version');
    expect([ran.code, ran.stdout.trim()]).toEqual([0, pkg.version]);
  });

  it('init scaffolds a workspace, and running it again overwrites nothing', async () => {
    const first = await interlock('init', '--format', 'json');
    expect(first.code, first.stderr).toBe(0);
    const created = JSON.parse(first.stdout) as { created: string[]; skipped: string[]; gitignore: string[] };
    expect(created.created).toEqual(expect.arrayContaining(['interlock.yaml', '.github/workflows/interlock-pr.yml', '.vscode/settings.json', 'integrations/acme/vendor.yaml', 'integrations/acme/acme-tickets.yaml', 'contracts/acme/tickets.openapi.yaml', 'policies/risk.yaml', 'policies/access.csv']));
    expect(created.skipped).toEqual([]);
    writeFileSync(path.join(repo, 'policies/risk.yaml'), `${readFileSync(path.join(repo, 'policies/risk.yaml'), 'utf8')}# edited by the team\n`);
    const again = await interlock('init', '--format', 'json');
    const second = JSON.parse(again.stdout) as { created: string[]; skipped: string[]; gitignore: string[] };
    expect([again.code, second.created, second.gitignore]).toEqual([0, [], []]);
    expect(second.skipped).toEqual([...created.created].sort());
    expect(readFileSync(path.join(repo, 'policies/risk.yaml'), 'utf8')).toContain('# edited by the team');
    expect(readFileSync(path.join(repo, '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['.interlock/', 'node_modules/']));
  });

  it('check passes on the new workspace and says what it checked', async () => {
    const text = await interlock('check');
    expect(text.code, text.stdout + text.stderr).toBe(0);
    expect(text.stdout).toContain('Checked 1 vendor, 1 integration, 1 contract, 0 data contracts, 6 policies');
    const json = await interlock('check', '--format', 'json');
    expect((JSON.parse(json.stdout) as { failed: boolean; diagnostics: unknown[] }).failed).toBe(false);
    // As the README and init's next steps say it: `npx interlock check`, the local install's bin, no download.
    const npx = await exec('npx', ['--no', 'interlock', 'check'], repo);
    expect([npx.code, npx.stdout.split('\n').find((line) => line.startsWith('Checked '))], npx.stderr).toEqual([0, expect.stringContaining('Checked 1 vendor, 1 integration, 1 contract')]);
    // From a folder below the root too.
    const below = await exec(process.execPath, [bin, 'check', '--format', 'json'], path.join(repo, 'integrations', 'acme'));
    expect(below.code, below.stdout + below.stderr).toBe(0);
  });

  it('check fails, located, on a mistake in the workspace', async () => {
    const file = path.join(repo, 'integrations/acme/acme-tickets.yaml');
    const before = readFileSync(file, 'utf8');
    writeFileSync(file, before.replace('uses: [createTicket, getTicket]', 'uses: [createTicket, getTickett]'));
    try {
      const ran = await interlock('check', '--format', 'json');
      expect(ran.code).toBe(1);
      const report = JSON.parse(ran.stdout) as { diagnostics: { severity: string; location?: { file: string; line?: number } }[] };
      expect(report.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.location?.file, d.location?.line])).toContainEqual(['integrations/acme/acme-tickets.yaml', 26]);
    } finally {
      writeFileSync(file, before);
    }
  });

  it('diff reports a breaking change between two contract files', async () => {
    const base = path.join(repo, 'contracts/acme/tickets.openapi.yaml');
    const head = path.join(repo, 'head.openapi.yaml');
    writeFileSync(head, readFileSync(base, 'utf8').replace('      required: [subject]\n', '      required: [subject, body]\n'));
    const ran = await interlock('diff', base, head, '--format', 'json');
    expect(ran.code, ran.stderr).toBe(1);
    const out = JSON.parse(ran.stdout) as { summary: { breaking: number }; changes: { id: string; level: string }[] };
    expect(out.summary.breaking).toBe(1);
    expect(out.changes.filter((c) => c.level === 'breaking').map((c) => c.id)).toContain('request-property-became-required');
    rmSync(head);
  });

  it('generate writes the adapters from the shipped templates, and generate --check agrees', async () => {
    const ran = await interlock('generate', '--format', 'json');
    expect(ran.code, ran.stdout + ran.stderr).toBe(0);
    expect(existsSync(path.join(repo, 'generated/acme-tickets/index.ts'))).toBe(true);
    expect(readFileSync(path.join(repo, 'generated/acme-tickets/client.ts'), 'utf8')).toContain('createTicket');
    expect((await interlock('generate', '--check')).code).toBe(0);
  });

  it('plan against a runtime started from the installed package', async () => {
    const data = path.join(repo, '.interlock', 'runtime');
    mkdirSync(data, { recursive: true });
    const token = await interlock('runtime', 'token', 'create', '--role', 'operator', '--data', data);
    expect(token.code, token.stderr).toBe(0);
    runtime = spawn(process.execPath, [bin, 'runtime', 'start', '--port', '0', '--data', data], { cwd: repo, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const url = await new Promise<string>((resolve, reject) => {
      runtime!.stdout!.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        const m = /listening on (http:\/\/\S+)/.exec(log);
        if (m) resolve(m[1]);
      });
      runtime!.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
      runtime!.once('exit', (code) => reject(new Error(`runtime exited (${code}) before listening:\n${log}`)));
    });
    const ran = await exec(process.execPath, [bin, 'plan', '--runtime', url, '--format', 'json', '--detailed-exitcode'], repo, { INTERLOCK_TOKEN: token.stdout.trim() });
    expect(ran.code, ran.stdout + ran.stderr).toBe(3);
    const plan = JSON.parse(ran.stdout) as { runtimeRevision: number; changes: { action: string; kind: string; name: string }[] };
    expect(plan.runtimeRevision).toBe(0);
    expect(plan.changes.map((c) => `${c.action} ${c.kind}/${c.name}`)).toEqual(expect.arrayContaining(['create Vendor/acme', 'create Integration/acme-tickets', 'create Contract/acme-tickets-api', 'create RiskPolicy/vendor-risk']));
  });
});
