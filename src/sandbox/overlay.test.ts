import { describe, expect, it } from 'vitest';
import { specHash } from '../core/canonical-json.js';
import { parseSecretReference } from '../secrets/index.js';
import { onMock, sandboxIntegrationSpec, sandboxResources } from './overlay.js';
import { SANDBOX_SECRET_MARK, sandboxSecrets } from './secrets.js';

const MOCK = 'http://127.0.0.1:41000';
const target = { mockUrl: MOCK, exportDirectory: '/tmp/sbx/exports/x' };

const spec = {
  vendor: 'acme',
  endpoint: { baseUrl: 'https://api.acme.example/v2', tls: { minVersion: '1.3', mtls: { cert: 'vault:pki#cert', key: 'vault:pki#key' } }, timeoutMs: 5000 },
  auth: { type: 'oauth2', tokenUrl: 'https://login.acme.example/oauth/token?aud=x', clientSecret: 'vault:secret/acme#client' },
  events: { subscribe: ['order.*'], delivery: { url: 'https://api.acme.example/hooks/interlock', secret: 'vault:secret/acme#hook' } },
  export: { destination: { s3: { bucket: 'acme-landing', region: 'eu-central-1' } }, format: 'parquet' },
};

describe('the sandbox overlay', () => {
  it('points endpoint, token URL and delivery at the mock on the same paths, marks the endpoint localTesting, drops tls, lands exports in the sandbox', () => {
    const { spec: out, rewrite } = sandboxIntegrationSpec(spec, target);
    expect(out.endpoint).toEqual({ baseUrl: `${MOCK}/v2`, timeoutMs: 5000, localTesting: true });
    expect(out.auth).toEqual({ type: 'oauth2', tokenUrl: `${MOCK}/oauth/token?aud=x`, clientSecret: 'vault:secret/acme#client' });
    expect(out.events).toEqual({ subscribe: ['order.*'], delivery: { url: `${MOCK}/hooks/interlock`, secret: 'vault:secret/acme#hook' } });
    expect(out.export).toEqual({ destination: { directory: { path: '/tmp/sbx/exports/x' } }, format: 'parquet' });
    expect(out.vendor).toBe('acme');
    expect(rewrite).toEqual({ endpoint: `${MOCK}/v2`, tokenUrl: `${MOCK}/oauth/token?aud=x`, delivery: `${MOCK}/hooks/interlock`, exportDirectory: '/tmp/sbx/exports/x' });
    // The input is left as it was: the overlay never edits what the workspace declared.
    expect(spec.endpoint.tls.minVersion).toBe('1.3');
    expect(spec.events.delivery.url).toBe('https://api.acme.example/hooks/interlock');
  });

  it('sends an S3 export to the sandbox S3 fake, keeping bucket, prefix and credentials by reference', () => {
    const s3 = { bucket: 'acme-landing', prefix: 'in/', region: 'eu-central-1', credentials: { accessKeyId: 'vault:s#id', secretAccessKey: 'vault:s#key' } };
    const { spec: out, rewrite } = sandboxIntegrationSpec({ ...spec, export: { destination: { s3 }, format: 'parquet' } }, { ...target, s3Endpoint: 'http://127.0.0.1:42000' });
    expect(out.export).toEqual({ destination: { s3: { ...s3, endpoint: 'http://127.0.0.1:42000' } }, format: 'parquet' });
    expect(rewrite.exportS3).toBe('s3://acme-landing/in/');
    expect(rewrite.exportDirectory).toBeUndefined();
  });

  it('rewrites only Integrations, and recomputes their hashes', () => {
    const vendor = { kind: 'Vendor', name: 'acme', spec: { riskTier: 'low' }, labels: {}, hash: specHash({ riskTier: 'low' }), protect: false };
    const integration = { kind: 'Integration', name: 'acme-sync', spec, labels: {}, hash: specHash(spec), protect: false };
    const { resources, rewrites } = sandboxResources([vendor, integration], new Map([['acme-sync', target]]));
    expect(resources[0]).toBe(vendor);
    expect(resources[1].hash).toBe(specHash(resources[1].spec));
    expect(resources[1].hash).not.toBe(integration.hash);
    expect([...rewrites.keys()]).toEqual(['acme-sync']);
  });

  it('onMock keeps path and query, and a root path adds nothing', () => {
    expect(onMock('https://slack.com/api', MOCK)).toBe(`${MOCK}/api`);
    expect(onMock('https://northwind.service-now.com', MOCK)).toBe(MOCK);
    expect(onMock('not a url', MOCK)).toBe(MOCK);
  });
});

describe('the sandbox secret provider', () => {
  it('resolves every well-formed reference to a marked, stable, per-run value usable as a Standard Webhooks secret', async () => {
    const secrets = sandboxSecrets(Buffer.alloc(32, 1));
    const a = String(await secrets('vault:secret/data/x#key'));
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    expect(Buffer.from(a.slice('whsec_'.length), 'base64').subarray(0, SANDBOX_SECRET_MARK.length).toString()).toBe(SANDBOX_SECRET_MARK);
    expect(await secrets('vault:secret/data/x#key')).toBe(a);
    expect(await secrets('env:OTHER')).not.toBe(a);
    expect(await sandboxSecrets(Buffer.alloc(32, 2))('vault:secret/data/x#key')).not.toBe(a);
    expect('error' in parseSecretReference('nonsense')).toBe(true);
    expect(() => secrets('nonsense')).toThrow(/nonsense/);
  });
});
