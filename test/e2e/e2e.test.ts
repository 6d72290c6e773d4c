import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, openSync, writeSync, closeSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';

interface Expected {
  code: string;
  file?: string;
  line?: number;
  column?: number;
  severity?: string;
}

interface Case {
  args: string[];
  exit: number;
  diagnostics?: Expected[];
  stdoutContains?: string[];
  stderrContains?: string[];
  stdoutNotContains?: string[];
  stderrNotContains?: string[];
  json?: unknown;
  generate?: { path: string; bytes: number; line?: string }[];
  env?: Record<string, string>;
  /** Folder of the workspace the command runs in (default: its root). */
  cwd?: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const cases = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(here, d.name, 'case.json')))
  .map((d) => d.name)
  .sort();

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, {
    cwd,
    stdio: 'ignore',
    env: { ...process.env, GIT_AUTHOR_NAME: 'e2e', GIT_AUTHOR_EMAIL: 'e2e@example.com', GIT_COMMITTER_NAME: 'e2e', GIT_COMMITTER_EMAIL: 'e2e@example.com' },
  });
}

function writeLarge(file: string, bytes: number, line: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, 'w');
  const chunk = Buffer.from((line.endsWith('\n') ? line : line + '\n').repeat(Math.ceil(65536 / (line.length + 1))));
  for (let written = 0; written < bytes; written += chunk.length) writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - written));
  closeSync(fd);
}

/** Subset match: every key of `expected` is in `actual` with a matching value (arrays: each expected item matches some actual item). */
function isSubset(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && expected.every((e) => actual.some((a) => isSubset(a, e)));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return false;
    return Object.entries(expected).every(([k, v]) => isSubset((actual as Record<string, unknown>)[k], v));
  }
  return actual === expected;
}

describe('e2e', () => {
  it.each(cases)('%s', async (name) => {
    const dir = path.join(here, name);
    const spec = JSON.parse(readFileSync(path.join(dir, 'case.json'), 'utf8')) as Case;
    const ws = mkdtempSync(path.join(tmpdir(), `interlock-e2e-${name}-`));
    try {
      if (existsSync(path.join(dir, 'base'))) {
        cpSync(path.join(dir, 'base'), ws, { recursive: true });
        git(ws, 'init', '-q', '-b', 'main');
        git(ws, 'add', '-A');
        git(ws, 'commit', '-q', '-m', 'base');
        for (const entry of readdirSync(ws)) if (entry !== '.git') rmSync(path.join(ws, entry), { recursive: true, force: true });
      }
      if (existsSync(path.join(dir, 'workspace'))) cpSync(path.join(dir, 'workspace'), ws, { recursive: true });
      for (const g of spec.generate ?? []) writeLarge(path.join(ws, g.path), g.bytes, g.line ?? '# filler');
      let stdout = '';
      let stderr = '';
      const code = await run(spec.args, {
        cwd: path.join(ws, spec.cwd ?? '.'),
        env: { ...process.env, ...spec.env, NO_COLOR: '1' },
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (s: string) => (stderr += s) },
      });
      const shown = `exit ${code}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`;
      expect(code, shown).toBe(spec.exit);
      expect(stderr, shown).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
      for (const s of spec.stdoutContains ?? []) expect(stdout, shown).toContain(s);
      for (const s of spec.stderrContains ?? []) expect(stderr, shown).toContain(s);
      for (const s of spec.stdoutNotContains ?? []) expect(stdout, shown).not.toContain(s);
      for (const s of spec.stderrNotContains ?? []) expect(stderr, shown).not.toContain(s);
      if (spec.json !== undefined || spec.diagnostics) {
        const parsed = JSON.parse(stdout) as { diagnostics?: unknown[] };
        if (spec.json !== undefined) expect(isSubset(parsed, spec.json), shown).toBe(true);
        for (const d of spec.diagnostics ?? []) {
          const wanted = { ...d, file: undefined, line: undefined, column: undefined };
          delete wanted.file;
          delete wanted.line;
          delete wanted.column;
          const location: Record<string, unknown> = {};
          if (d.file !== undefined) location.file = d.file;
          if (d.line !== undefined) location.line = d.line;
          if (d.column !== undefined) location.column = d.column;
          const pattern = Object.keys(location).length ? { ...wanted, location } : wanted;
          expect(isSubset(parsed.diagnostics, [pattern]), `${JSON.stringify(pattern)}\n${shown}`).toBe(true);
        }
      }
      const expectedPath = path.join(dir, 'expected.stdout');
      if (existsSync(expectedPath)) {
        expect(stdout.split(ws).join('<ws>')).toBe(readFileSync(expectedPath, 'utf8'));
      }
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});
