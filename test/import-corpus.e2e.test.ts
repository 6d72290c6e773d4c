/**
 * `interlock import` on real vendor descriptions from ../shared/corpus: the trimmed contract validates in
 * a new workspace, and `interlock diff FULL TRIMMED` finds nothing on the operations it kept (only the
 * removal of the others). Sizes and times are printed per spec (times are reported, never asserted).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema } from 'graphql';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(root, '../shared/corpus');

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

let ws: string;

async function cli(...args: string[]): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { cwd: ws, env: { NO_COLOR: '1' }, stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  expect(stderr).not.toMatch(/internal error|^\s+at .+:\d+:\d+\)?$/m);
  return { code, stdout, stderr };
}

const specs = [
  { name: 'stripe', file: 'openapi/stripe/2022-04-12-e0123a38.json', uses: ['PostPaymentIntents', 'GetPaymentIntentsIntent', 'PostRefunds'] },
  { name: 'github', file: 'openapi/github-rest/2022-07-18-58592853.json', uses: ['issues/create', 'issues/get', 'issues/update', 'pulls/get'] },
  { name: 'slack', file: 'openapi/slack-web/2020-10-06-dfea73e0.json', uses: ['chat_postMessage', 'chat_update', 'conversations_history'] },
  { name: 'openai', file: 'openapi/openai/2026-08-21-f85dbe22.yaml', uses: ['createChatCompletion', 'createEmbedding', 'listModels'] },
];

type Doc = { paths: Record<string, Record<string, { operationId?: string }>> };

describe('interlock import on the vendor corpus', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    ws = mkdtempSync(path.join(os.tmpdir(), 'interlock-import-'));
    expect((await cli('init')).code).toBe(0);
  });
  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  it.each(specs)('$name: trimmed to the used operations, validates, and diff finds no change to them', async ({ name, file, uses }) => {
    const full = path.join(corpus, file);
    const imported = await cli('import', 'openapi', full, '--vendor', 'acme', '--name', name, '--uses', uses.join(','), '--format', 'json');
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    const result = JSON.parse(imported.stdout) as { bytes: { full: number; trimmed: number }; ms: number; operations: string[]; kept: { operations: { kept: number; total: number }; components: { kept: number; total: number } } };
    console.info(
      `import ${name}: ${result.bytes.full} → ${result.bytes.trimmed} bytes, ${result.kept.operations.kept}/${result.kept.operations.total} operations, ${result.kept.components.kept}/${result.kept.components.total} components, ${result.ms} ms`,
    );
    expect(result.kept.operations.kept).toBe(uses.length);
    expect(result.bytes.trimmed).toBeLessThan(result.bytes.full);

    const trimmedFile = path.join(ws, 'contracts/acme', `${name}.openapi.yaml`);
    const trimmed = load(readFileSync(trimmedFile, 'utf8')) as Doc & { info: unknown };
    const original = (file.endsWith('.json') ? JSON.parse(readFileSync(full, 'utf8')) : load(readFileSync(full, 'utf8'))) as Doc & { info: unknown };
    const ids = Object.values(trimmed.paths).flatMap((item) => Object.values(item).map((op) => op?.operationId).filter(Boolean));
    expect(ids.sort()).toEqual([...uses].sort());
    expect(trimmed.info).toEqual(original.info);
    const manifest = load(readFileSync(path.join(ws, 'contracts/acme', `${name}.contract.yaml`), 'utf8')) as { spec: { source: string; upstream: { source: string; sha256: string; uses: string[] } } };
    expect(manifest.spec.source).toBe(`${name}.openapi.yaml`);
    expect(manifest.spec.upstream.uses).toEqual(uses);
    expect(manifest.spec.upstream.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(path.resolve(ws, 'contracts/acme', manifest.spec.upstream.source)).toBe(full);

    const validated = await cli('validate', '--format', 'json');
    expect(validated.code, validated.stdout).toBe(0);

    // What was kept is byte-for-byte the vendor's: each kept operation and each kept component.
    for (const op of result.operations) {
      const [method, p] = op.split(' ');
      expect(trimmed.paths[p][method.toLowerCase()]).toEqual(original.paths[p][method.toLowerCase()]);
    }
    const components = (d: unknown) => ((d as { components?: Record<string, Record<string, unknown>> }).components ?? (d as { definitions?: Record<string, unknown> }).definitions ?? {}) as Record<string, unknown>;
    expect(components(original)).toMatchObject(components(trimmed));

    const diff = await cli('diff', full, trimmedFile, '--format', 'json');
    type Change = { id: string; level: string; operation?: { method: string; path: string }; base?: { pointer: string }; head?: { pointer: string } };
    const changes = (JSON.parse(diff.stdout) as { changes: Change[] }).changes;
    const kept = new Set(result.operations);
    const onKept = changes.filter((c) => c.operation && kept.has(`${c.operation.method.toUpperCase()} ${c.operation.path}`));
    // The kept content is identical (above), so the differ must find nothing on the kept operations.
    expect(onKept.map((c) => `${c.level} ${c.id} ${c.base?.pointer} ~ ${c.head?.pointer}`)).toEqual([]);
    // Everything else is the removal of what was not kept: operations, paths, webhooks (OpenAPI 3.1).
    expect([...new Set(changes.filter((c) => !onKept.includes(c)).map((c) => c.id))].filter((id) => !/^(api(-path)?|webhook)-removed(-(with|without)-deprecation)?$/.test(id))).toEqual([]);
  });

  it('graphql (Linear): root fields and the types they reach, a schema that builds, no change to what was kept', async () => {
    const full = path.join(corpus, 'graphql/linear/2026-07-22-d044ca65.graphql');
    const imported = await cli('import', 'graphql', full, '--vendor', 'acme', '--name', 'linear', '--uses', 'issue,Mutation.issueCreate', '--format', 'json');
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    const result = JSON.parse(imported.stdout) as { bytes: { full: number; trimmed: number }; ms: number; fields: string[]; kept: { types: { kept: number; total: number } } };
    console.info(`import linear (graphql): ${result.bytes.full} → ${result.bytes.trimmed} bytes, ${result.kept.types.kept}/${result.kept.types.total} types, ${result.ms} ms`);
    expect(result.fields).toEqual(['Query.issue', 'Mutation.issueCreate']);
    const sdl = readFileSync(path.join(ws, 'contracts/acme/linear.graphql'), 'utf8');
    const schema = buildSchema(sdl);
    expect(Object.keys(schema.getQueryType()!.getFields())).toEqual(['issue']);
    expect(Object.keys(schema.getMutationType()!.getFields())).toEqual(['issueCreate']);
    expect(schema.getType('IssueCreateInput')).toBeDefined();
    expect((await cli('validate')).code).toBe(0);
    const diff = await cli('diff', full, path.join(ws, 'contracts/acme/linear.graphql'), '--format', 'json');
    const changes = (JSON.parse(diff.stdout) as { changes: { id: string; message: string; head?: unknown; base?: { pointer?: string } }[] }).changes;
    const touched = changes.filter((c) => /\b(Query\.issue|Mutation\.issueCreate|IssueCreateInput|IssuePayload)\b/.test(c.message) && !/'?(Query|Mutation)\.(?!issue\b|issueCreate\b)/.test(c.message));
    expect(touched).toEqual([]);
    expect(changes.length).toBeGreaterThan(0);
  });

  it('names unknown operations with suggestions, exit 2, and writes nothing', async () => {
    const ran = await cli('import', 'openapi', path.join(corpus, specs[2].file), '--vendor', 'acme', '--name', 'slack2', '--uses', 'chat_postMessage,chat_postMesage');
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain('chat_postMesage');
    expect(ran.stderr).toContain('did you mean chat_postMessage');
    expect(existsSync(path.join(ws, 'contracts/acme/slack2.openapi.yaml'))).toBe(false);
  });

  it('never overwrites an earlier import without --force', async () => {
    const again = await cli('import', 'openapi', path.join(corpus, specs[2].file), '--vendor', 'acme', '--name', 'slack', '--uses', 'chat_update');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
    const forced = await cli('import', 'openapi', path.join(corpus, specs[2].file), '--vendor', 'acme', '--name', 'slack', '--uses', 'chat_update', '--force', '--format', 'json');
    expect(forced.code).toBe(0);
    expect((JSON.parse(forced.stdout) as { operations: string[] }).operations).toEqual(['POST /chat.update']);
  });

  it('fetches a URL only with --allow-url, and through the egress guard (a loopback server is refused)', async () => {
    const server = createServer((_req, res) => res.end('{"openapi":"3.0.0","info":{"title":"t","version":"1.0.0"},"paths":{}}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/openapi.json`;
    let hits = 0;
    server.on('request', () => hits++);
    try {
      const without = await cli('import', 'openapi', url, '--vendor', 'acme', '--name', 'remote', '--uses', 'x');
      expect([without.code, without.stderr.includes('--allow-url')]).toEqual([2, true]);
      const guarded = await cli('import', 'openapi', url.replace('http:', 'https:'), '--vendor', 'acme', '--name', 'remote', '--uses', 'x', '--allow-url');
      expect(guarded.code).toBe(2);
      expect(guarded.stderr).toContain('egress guard refused');
      expect(guarded.stderr).toContain('loopback');
      expect(hits).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
