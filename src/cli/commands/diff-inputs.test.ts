import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../io.js';
import { run } from '../main.js';

const dir = mkdtempSync(path.join(tmpdir(), 'interlock-diff-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function diff(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env: { NO_COLOR: '1' }, cwd: dir };
  const code = await run(['diff', ...args], io);
  expect(stderr).not.toMatch(/internal error|^\s+at .+:\d+:\d+\)?$/m);
  return { code, stdout, stderr };
}

const BASE = `openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /x:
    get:
      operationId: getX
      responses: { '200': { description: ok } }
`;

function write(file: string, text: string): string {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
  return file;
}

describe('interlock diff refuses inputs that are not contract files, located, exit 2', () => {
  write('base.yaml', BASE);

  it.each([
    ['a directory', () => 'sub', 'sub:1:1: error not-a-file'],
    ['/dev/zero', () => '/dev/zero', 'error not-a-file'],
    [
      'a named pipe (no reader ever writes to it)',
      () => {
        execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
        return 'pipe.yaml';
      },
      'pipe.yaml:1:1: error not-a-file',
    ],
  ])('%s', async (_, make, expected) => {
    mkdirSync(path.join(dir, 'sub'), { recursive: true });
    const r = await diff('base.yaml', make());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(expected);
  });

  it('a $ref through a symlink that leads out of the contract folder is not read', async () => {
    const outside = write('outside/secret.yaml', 'Secret:\n  type: string\n  description: TOP-SECRET-CONTENT\n');
    mkdirSync(path.join(dir, 'api'), { recursive: true });
    symlinkSync(path.join(dir, outside), path.join(dir, 'api', 'shared.yaml'));
    write('api/base.yaml', BASE);
    write('api/head.yaml', BASE.replace("responses: { '200': { description: ok } }", "responses: { '200': { description: ok, content: { application/json: { schema: { $ref: 'shared.yaml#/Secret' } } } } }"));
    const r = await diff('api/base.yaml', 'api/head.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'api/shared.yaml' is outside the contract's folder");
    expect(r.stdout + r.stderr).not.toContain('TOP-SECRET-CONTENT');
  });

  it('a schema nested 10,000 levels deep (JSON) is a located too-deep error', async () => {
    let node = '{"type":"string"}';
    for (let i = 0; i < 10_000; i++) node = `{"type":"object","properties":{"a":${node}}}`;
    write('deep.json', `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/x":{"get":{"operationId":"getX","responses":{"200":{"description":"ok","content":{"application/json":{"schema":${node}}}}}}}}}`);
    const r = await diff('base.yaml', 'deep.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^deep\.json:1:\d+: error too-deep/m);
  });

  it('a schema nested 10,000 levels deep (YAML flow) is a located too-deep error', async () => {
    write('deep.yaml', BASE.replace("responses: { '200': { description: ok } }", `responses: { '200': { description: ok, content: { application/json: { schema: ${'{type: object, properties: {a: '.repeat(10_000)}{type: string}${'}}'.repeat(10_000)} } } } }`));
    const r = await diff('base.yaml', 'deep.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^deep\.yaml:\d+:\d+: error too-deep/m);
  });

  it('a GraphQL type nested 10,000 levels deep is a located too-deep error', async () => {
    write('base.graphql', 'type Query { x: String }\n');
    write('deep.graphql', `type Query { x: ${'['.repeat(10_000)}String${']'.repeat(10_000)} }\n`);
    const r = await diff('base.graphql', 'deep.graphql');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^deep\.graphql:1:\d+: error too-deep/m);
  });
});
