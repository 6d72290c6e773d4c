import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { listOperations } from '../src/contract/openapi/operations.js';
import { prepareMockContract, type OpenApiMockContract } from '../src/mock/index.js';
import { exampleRequest } from '../src/mock/openapi/example-request.js';
import { checkOperation } from '../src/mock/testing/conformance.js';

/**
 * `interlock mock` as a user runs it: the built CLI in a child process serving each example contract of
 * this repository by name, answering every operation's example request with a response that validates
 * against the contract (ajv), and a broken request with a located 400 problem.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const OPENAPI = {
  'confluent-kafka-rest-v3': 'contracts/confluent/kafka-rest-v3.openapi.yaml',
  'interlock-runtime-admin': 'contracts/interlock/runtime-admin.openapi.yaml',
  'jira-cloud-issues': 'contracts/atlassian/jira-cloud.openapi.yaml',
  'onetrust-consent': 'contracts/onetrust/consent.openapi.yaml',
  'salesforce-rest-api': 'contracts/salesforce/rest-api.openapi.yaml',
  'sap-outbound-delivery': 'contracts/sap/outbound-delivery.openapi.yaml',
  'servicenow-table-api': 'contracts/servicenow/table-api.openapi.yaml',
  'slack-web-api': 'contracts/slack/web-api.openapi.yaml',
  'snowflake-sql-api': 'contracts/snowflake/sql-api.openapi.yaml',
  'twilio-api-v2010': 'contracts/twilio/api-v2010.openapi.yaml',
} as const;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** Starts `interlock mock ARGS --port 0` and waits for its "serving … on URL" line. */
async function serve(args: string[]): Promise<{ url: string; stop(): Promise<number | null>; stdout(): string }> {
  const child = spawn(process.execPath, [path.join(root, 'bin/interlock.js'), 'mock', ...args, '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => void (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => void (err += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = / on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (m) resolve(m[1]);
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`interlock mock exited ${code}: ${err}`)));
  });
  return {
    url,
    stdout: () => out,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

function contractOf(file: string): OpenApiMockContract {
  const c = prepareMockContract(file, readFileSync(path.join(root, file), 'utf8')).value;
  if (c?.format !== 'openapi') throw new Error(`${file} is not OpenAPI`);
  return c;
}

describe('interlock mock on the example contracts', () => {
  for (const [name, file] of Object.entries(OPENAPI)) {
    it(`${name}: every operation answers its example request with a contract-valid response; a broken request gets a located 400`, async () => {
      const contract = contractOf(file);
      const mock = await serve([name]);
      expect(mock.stdout()).toContain(file);
      const operations = listOperations(contract.spec);
      expect(operations.length).toBeGreaterThan(0);
      for (const op of operations) {
        const result = await checkOperation(mock.url, contract, op);
        expect({ op: result.operation, status: result.status, violations: result.violations, problem: result.requestErrors }).toEqual({ op: result.operation, status: expect.any(Number), violations: [], problem: undefined });
        expect(result.status).toBeLessThan(300);
      }
      // Break the first operation that has a required parameter or body: drop it.
      const target = operations.find((o) => o.requestBody?.required || [...o.parameters.values()].some((p) => p.required && p.in !== 'path'));
      if (target) {
        const req = exampleRequest(contract, target);
        const required = [...target.parameters.values()].find((p) => p.required && p.in === 'query');
        const url = new URL(mock.url + req.path);
        let body = req.body;
        let expectedPointer: string;
        if (required) {
          url.searchParams.delete(required.name);
          expectedPointer = `/query/${required.name}`;
        } else {
          body = undefined;
          expectedPointer = '/body';
        }
        const res = await fetch(url, { method: req.method, headers: req.headers, body });
        expect(res.status).toBe(target.responses.has('422') && !target.responses.has('400') ? 422 : 400);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        const problem = (await res.json()) as { type: string; errors: { pointer: string; contract?: { file: string; line: number } }[] };
        expect(problem.type).toBe('https://interlock.dev/problems/mock/invalid-request');
        expect(problem.errors[0].pointer).toBe(expectedPointer);
        expect(problem.errors[0].contract?.file).toBe(file);
        expect(problem.errors[0].contract?.line).toBeGreaterThan(1);
      }
      const records = (await (await fetch(`${mock.url}/__interlock/requests`)).json()) as { requests: { operation?: string; validation: { valid: boolean } }[] };
      expect(records.requests.length).toBe(operations.length + (target ? 1 : 0));
      expect(await mock.stop()).toBe(0);
    }, 240_000);
  }

  it('linear-graphql: executes a connector operation document against the SDL, refuses an invalid one with a 400 problem', async () => {
    const mock = await serve(['linear-graphql', '--seed', '7']);
    const query = readFileSync(path.join(root, 'integrations/linear/operations/GetPortalBug.graphql'), 'utf8');
    const ok = await fetch(`${mock.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables: { id: 'BUG-1' } }) });
    expect(ok.status).toBe(200);
    const data = (await ok.json()) as { data: { issue: { id: string; title: string; state: { type: string } } }; errors?: unknown };
    expect(data.errors).toBeUndefined();
    expect(typeof data.data.issue.title).toBe('string');
    expect(typeof data.data.issue.state.type).toBe('string');
    const bad = await fetch(`${mock.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ issue(id: "x") { nosuchfield } }' }) });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { type: string; errors: { locations: { line: number; column: number }[] }[] };
    expect(problem.type).toBe('https://interlock.dev/problems/mock/graphql-invalid');
    expect(problem.errors[0].locations[0]).toEqual({ line: 1, column: 20 });
    expect(await mock.stop()).toBe(0);
  }, 240_000);
});

describe('interlock mock refuses bad input with exit 2', () => {
  const io = () => {
    let stdout = '';
    let stderr = '';
    return { io: { stdout: { write: (s: string) => void (stdout += s) }, stderr: { write: (s: string) => void (stderr += s) }, env: {}, cwd: root }, out: () => stdout, err: () => stderr };
  };

  it('an unknown contract name, with the nearest names', async () => {
    const t = io();
    expect(await run(['mock', 'servicenow-table-apii'], t.io)).toBe(2);
    expect(t.err()).toContain("did you mean 'servicenow-table-api'");
    expect(t.err()).not.toContain('    at ');
  });

  it('a contract file that does not parse, located at file:line:column', async () => {
    const t = io();
    expect(await run(['mock', 'src/mock/testing/fixtures/broken.openapi.yaml'], t.io)).toBe(2);
    expect(t.err()).toMatch(/src\/mock\/testing\/fixtures\/broken\.openapi\.yaml:\d+:\d+: error/);
  });

  it('a busy port', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const t = io();
      expect(await run(['mock', 'servicenow-table-api', '--port', String(port)], t.io)).toBe(2);
      expect(t.err()).toContain(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });
});
