import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Integration } from '../core/resources.js';
import type { WorkspaceModel } from '../validate/model.js';
import { startContractServer, verifySignature, type ContractServer, type Received } from './__fixtures__/contract-server.js';
import { compileStrict, fixtureWorkspace, loadFixtureModel, repoRoot, writeTempPackage } from './__fixtures__/harness.js';
import { graphqlVariables, operationInput } from './__fixtures__/inputs.js';
import { generateAdapters } from './generate.js';

/** What a generated index.js exports, as far as these tests use it. */
interface AdapterModule {
  createClient(options: Record<string, unknown>): Record<string, (input?: unknown, options?: unknown) => Promise<unknown>> & { close(): void };
  operations?: Record<string, { operationId: string; signing?: { header: string; timestampHeader: string; secret?: string } }>;
  documents?: Record<string, string>;
  integration: { localTesting: boolean; auth: Record<string, unknown> };
  mask<T>(type: string, value: T, should: (c: { sensitivity: string }) => boolean): T;
  defaultSecretResolver(ref: string): Promise<string>;
}

const secrets = async (ref: string) => `secret-of-${ref}`;
const fastRetry = { retries: 3, baseDelayMs: 1, maxDelayMs: 4 };

interface Workspace {
  label: string;
  model: WorkspaceModel;
  /** Folder of this workspace's generated/ inside the shared temp package. */
  dir: string;
}

const workspaces: Workspace[] = [];
let tlsKey = '';
let tlsCert = '';
let cleanup = () => {};

beforeAll(async () => {
  const certs = writeTempPackage(new Map());
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { cwd: certs.dir, stdio: 'ignore' });
    tlsKey = readFileSync(path.join(certs.dir, 'key.pem'), 'utf8');
    tlsCert = readFileSync(path.join(certs.dir, 'cert.pem'), 'utf8');
  } finally {
    certs.cleanup();
  }
  const sources: { label: string; folder: string; dir: string; mustBeValid: boolean }[] = [{ label: 'fixtures', folder: 'fixtures', dir: fixtureWorkspace, mustBeValid: true }];
  // The repository root is the example workspace; exercise every adapter it generates too.
  if (existsSync(path.join(repoRoot, 'integrations')) && existsSync(path.join(repoRoot, 'contracts'))) sources.push({ label: 'example workspace', folder: 'example', dir: repoRoot, mustBeValid: false });
  const files = new Map<string, string>();
  const models: WorkspaceModel[] = [];
  for (const source of sources) {
    const { model, problems } = await loadFixtureModel(source.dir);
    // The example workspace's own validity is `interlock validate`'s business; adapters are generated for what is valid.
    if (source.mustBeValid) expect(problems, `${source.label} must be a valid workspace`).toEqual([]);
    models.push(model);
    for (const [file, text] of generateAdapters(model).value.files) files.set(`${source.folder}/${file}`, text);
  }
  // One compilation for everything: the generated code must compile under --strict and is then run.
  const pkg = writeTempPackage(files);
  cleanup = pkg.cleanup;
  const roots = [...files.keys()].filter((f) => f.endsWith('/index.ts'));
  expect(compileStrict(pkg.dir, roots, true), 'generated code compiles under --strict').toEqual([]);
  sources.forEach((source, i) => workspaces.push({ label: source.label, model: models[i], dir: path.join(pkg.dir, source.folder) }));
});

afterAll(() => cleanup());

async function load(w: Workspace, name: string): Promise<AdapterModule> {
  return (await import(pathToFileURL(path.join(w.dir, 'generated', name, 'index.js')).href)) as AdapterModule;
}

function authProblem(integration: Integration, r: Received): string | undefined {
  const auth = integration.manifest.spec.auth;
  const header = (n: string) => r.headers[n.toLowerCase()];
  switch (auth.type) {
    case 'oauth2':
      return header('authorization') === 'Bearer token-1' ? undefined : 'missing OAuth bearer token';
    case 'apiKey': {
      const want = `secret-of-${auth.value}`;
      if (auth.in === 'query') return r.query.get(auth.name) === want ? undefined : 'missing api key parameter';
      const got = header(auth.name);
      return got === want || got === `Bearer ${want}` ? undefined : 'missing api key header';
    }
    case 'basic':
      return String(header('authorization')).startsWith('Basic ') ? undefined : 'missing basic auth';
    case 'jwt':
      return /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(String(header('authorization'))) ? undefined : 'missing JWT';
    default:
      return undefined;
  }
}

async function serve(w: Workspace, integration: Integration, mod: AdapterModule, tls = true): Promise<ContractServer> {
  const api = w.model.apis.get(integration.manifest.spec.contract.ref)!;
  const signing = new Map(Object.values(mod.operations ?? {}).map((o) => [o.operationId, o.signing]));
  return startContractServer({
    api,
    ...(tls ? { tls: { key: tlsKey, cert: tlsCert } } : {}),
    authenticate: (r) => {
      const problem = authProblem(integration, r);
      if (problem) return problem;
      if (api.format !== 'openapi') return undefined;
      const op = [...api.operations.values()].find((o) => o.method === r.method && new RegExp(`^${o.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(r.path));
      const s = op ? signing.get(op.operationId) : undefined;
      if (!s) return undefined;
      const secret = s.secret ?? String((integration.manifest.spec.auth as Record<string, unknown>).value ?? (integration.manifest.spec.auth as Record<string, unknown>).clientSecret);
      return verifySignature(r, s.header, s.timestampHeader, `secret-of-${secret}`);
    },
  });
}

function clientOptions(server: ContractServer, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { baseUrl: server.url, tokenUrl: `${server.url}/oauth/token`, tls: { ca: tlsCert }, secrets, validateResponses: true, retry: fastRetry, ...extra };
}

describe('generated adapters against a contract server on loopback', () => {
  it('exercises every operation of every integration (fixtures and the example workspace)', async () => {
    let calls = 0;
    for (const w of workspaces) {
      for (const name of [...w.model.integrations.keys()].sort()) {
        const integration = w.model.integrations.get(name)!;
        if (!existsSync(path.join(w.dir, 'generated', name, 'index.js'))) continue;
        const mod = await load(w, name);
        const api = w.model.apis.get(integration.manifest.spec.contract.ref)!;
        const server = await serve(w, integration, mod, !mod.integration.localTesting || integration.manifest.spec.endpoint.baseUrl.startsWith('https:'));
        const mtls = integration.manifest.spec.endpoint.tls?.mtls;
        // Client certificates must be real PEM: the test certificate doubles as one.
        const resolve = async (ref: string) => (ref === mtls?.cert || ref === mtls?.ca ? tlsCert : ref === mtls?.key ? tlsKey : secrets(ref));
        const client = mod.createClient(clientOptions(server, { secrets: resolve }));
        try {
          if (api.format === 'openapi') {
            for (const [fn, op] of Object.entries(mod.operations ?? {})) {
              await client[fn](operationInput(api, op.operationId));
              calls++;
            }
          } else {
            for (const [fn, text] of Object.entries(mod.documents ?? {})) {
              const data = await client[fn](graphqlVariables(api, text));
              expect(data, `${w.label}/${name}.${fn}`).toBeTypeOf('object');
              calls++;
            }
          }
          expect(server.failures, `${w.label}/${name}`).toEqual([]);
        } finally {
          client.close();
          await server.close();
        }
      }
    }
    expect(calls).toBeGreaterThanOrEqual(8);
  });

  describe('incident-sync (fixture)', () => {
    const fixture = () => workspaces[0];
    const integration = () => fixture().model.integrations.get('incident-sync')!;

    it('retries after a 503 honouring Retry-After, then succeeds', async () => {
      const mod = await load(fixture(), 'incident-sync');
      const server = await serve(fixture(), integration(), mod);
      const client = mod.createClient(clientOptions(server));
      try {
        server.failNext(1, 503, '0');
        const incident = (await client.getIncident({ path: { id: 'INC1' } })) as { id: string };
        expect(incident.id).toBe('x');
        const gets = server.received.filter((r) => r.path === '/api/incidents/INC1');
        expect(gets.map((r) => r.method)).toEqual(['GET', 'GET']);
        expect(server.failures).toEqual([]);
      } finally {
        client.close();
        await server.close();
      }
    });

    it('waits as long as Retry-After says on a 429', async () => {
      const mod = await load(fixture(), 'incident-sync');
      const server = await serve(fixture(), integration(), mod);
      const waits: number[] = [];
      const client = mod.createClient(clientOptions(server, { sleep: async (ms: number) => void waits.push(ms) }));
      try {
        server.failNext(2, 429, '7');
        await client.listIncidents();
        expect(waits).toEqual([7000, 7000]);
      } finally {
        client.close();
        await server.close();
      }
    });

    it('backs off exponentially with jitter and gives up with the last status', async () => {
      const mod = await load(fixture(), 'incident-sync');
      const server = await serve(fixture(), integration(), mod);
      const waits: number[] = [];
      const client = mod.createClient(clientOptions(server, { retry: { retries: 3, baseDelayMs: 100, maxDelayMs: 10_000 }, sleep: async (ms: number) => void waits.push(ms) }));
      try {
        server.failNext(10, 503);
        await expect(client.getIncident({ path: { id: 'A' } })).rejects.toMatchObject({ name: 'HttpError', status: 503 });
        expect(waits).toHaveLength(3);
        waits.forEach((ms, i) => {
          expect(ms).toBeGreaterThanOrEqual(50 * 2 ** i);
          expect(ms).toBeLessThanOrEqual(100 * 2 ** i);
        });
      } finally {
        client.close();
        await server.close();
      }
    });

    it('refuses a plain-http endpoint without sending anything', async () => {
      const mod = await load(fixture(), 'incident-sync');
      const server = await serve(fixture(), integration(), mod, false);
      const client = mod.createClient(clientOptions(server));
      try {
        await expect(client.getIncident({ path: { id: 'A' } })).rejects.toMatchObject({ name: 'InsecureTransportError' });
        expect(server.received).toEqual([]);
      } finally {
        client.close();
        await server.close();
      }
    });

    it('refuses a server that offers less than TLS 1.2', async () => {
      const mod = await load(fixture(), 'incident-sync');
      const api = fixture().model.apis.get('acme-incidents')!;
      const server = await startContractServer({ api, tls: { key: tlsKey, cert: tlsCert, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' } });
      const client = mod.createClient(clientOptions(server, { retry: { retries: 0 } }));
      try {
        await expect(client.getIncident({ path: { id: 'A' } })).rejects.toThrow(/protocol|version|handshake|alert/i);
        expect(server.received).toEqual([]);
      } finally {
        client.close();
        await server.close();
      }
    });

    it('rejects a response that does not match the contract when validation is on', async () => {
      const mod = await load(fixture(), 'incident-sync');
      const server = await serve(fixture(), integration(), mod);
      const client = mod.createClient(clientOptions(server));
      try {
        server.failNext(1, 200);
        await expect(client.getIncident({ path: { id: 'A' } })).rejects.toMatchObject({ name: 'ResponseValidationError', operationId: 'getIncident' });
      } finally {
        client.close();
        await server.close();
      }
    });

    it('resolves secrets only through the resolver and never embeds them', async () => {
      const mod = await load(fixture(), 'incident-sync');
      const server = await serve(fixture(), integration(), mod);
      const asked: string[] = [];
      const client = mod.createClient(clientOptions(server, { secrets: async (ref: string) => (asked.push(ref), secrets(ref)) }));
      try {
        await client.createIncident({ body: { short_description: 'Printer on fire' } });
        expect(new Set(asked)).toEqual(new Set(['env:ACME_CLIENT_SECRET', 'env:ACME_SIGNING_SECRET']));
        const signed = server.received.find((r) => r.method === 'POST' && r.path === '/api/incidents')!;
        expect(signed.headers['x-acme-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
        expect(server.failures).toEqual([]);
      } finally {
        client.close();
        await server.close();
      }
      const source = readFileSync(path.join(fixture().dir, 'generated/incident-sync/client.ts'), 'utf8');
      expect(source).toContain('"clientSecret": "env:ACME_CLIENT_SECRET"');
      expect(source).not.toContain('secret-of-');
    });

    it('renews the OAuth token once when the API answers 401', async () => {
      const mod = await load(fixture(), 'incident-sync');
      const server = await serve(fixture(), integration(), mod);
      const client = mod.createClient(clientOptions(server));
      try {
        await client.getIncident({ path: { id: 'A' } });
        server.failNext(1, 401);
        await client.getIncident({ path: { id: 'B' } });
        expect(server.received.filter((r) => r.path === '/oauth/token')).toHaveLength(2);
        server.failNext(5, 401);
        await expect(client.getIncident({ path: { id: 'C' } })).rejects.toMatchObject({ name: 'HttpError', status: 401 });
        expect(server.received.filter((r) => r.path === '/oauth/token')).toHaveLength(3);
      } finally {
        client.close();
        await server.close();
      }
    });

    it('serialises query parameters by style: exploded arrays, deepObject, and headers', async () => {
      const mod = await load(fixture(), 'incident-sync');
      const server = await serve(fixture(), integration(), mod);
      const client = mod.createClient(clientOptions(server));
      try {
        await client.listIncidents({ query: { state: ['new', 'resolved'], filter: { caller: 'u1' }, limit: 5 }, headers: { 'X-Request-Id': 'r-1' } });
        const r = server.received.find((x) => x.path === '/api/incidents')!;
        expect([...r.query.entries()]).toEqual([['state', 'new'], ['state', 'resolved'], ['filter[caller]', 'u1'], ['limit', '5']]);
        expect(r.headers['x-request-id']).toBe('r-1');
        expect(server.failures).toEqual([]);
      } finally {
        client.close();
        await server.close();
      }
    });

    it('resolves env: by default and refuses vault: without a resolver from the caller', async () => {
      const mod = await load(fixture(), 'linear-issues');
      await expect(mod.defaultSecretResolver('vault:secret/data/x#key')).rejects.toMatchObject({ name: 'SecretResolutionError', ref: 'vault:secret/data/x#key' });
      process.env.INTERLOCK_GENERATE_TEST_SECRET = 's3';
      await expect(mod.defaultSecretResolver('env:INTERLOCK_GENERATE_TEST_SECRET')).resolves.toBe('s3');
      delete process.env.INTERLOCK_GENERATE_TEST_SECRET;
      const client = mod.createClient({ baseUrl: 'https://127.0.0.1:9' });
      try {
        delete process.env.LINEAR_API_KEY;
        await expect(client.issue({ id: '1' })).rejects.toMatchObject({ name: 'SecretResolutionError', ref: 'env:LINEAR_API_KEY' });
      } finally {
        client.close();
      }
    });

    it('masks fields by classification, following references', async () => {
      const mod = await load(fixture(), 'incident-sync');
      const masked = mod.mask(
        'Incident',
        { id: '1', caller: { email: 'a@b.c', phone: '123', id: 'u', manager: { id: 'm', email: 'm@b.c', name: 'Mia' } }, assigned_to: { id: 'u2', name: 'Al' } },
        (c) => c.sensitivity === 'confidential' || c.sensitivity === 'restricted',
      );
      expect(masked).toEqual({
        id: '1',
        caller: { email: '[REDACTED]', phone: '[REDACTED]', id: 'u', manager: { id: 'm', email: '[REDACTED]', name: '[REDACTED]' } },
        assigned_to: { id: 'u2', name: '[REDACTED]' },
      });
    });
  });
});
