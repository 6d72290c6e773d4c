import { specHash } from '../core/canonical-json.js';
import type { ResourceBody } from '../core/runtime-api.js';
import { CONTROL_PREFIX } from '../mock/index.js';

/** Where one integration's traffic goes in the sandbox. */
export interface SandboxTarget {
  /** The mock serving the integration's contract, e.g. http://127.0.0.1:41234 */
  mockUrl: string;
  /** Directory its exports land in (`destination.directory.path`), inside the sandbox's temporary folder. */
  exportDirectory: string;
  /** The sandbox's S3-compatible fake: an S3 export keeps its bucket and prefix and goes there instead. */
  s3Endpoint?: string;
}

/** What the overlay changed in one integration, for the table `interlock sandbox` prints. */
export interface SandboxRewrite {
  endpoint: string;
  tokenUrl?: string;
  delivery?: string;
  exportDirectory?: string;
  /** `s3://bucket/prefix` of an S3 export, now on the sandbox's S3 fake. */
  exportS3?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The same path and query on the mock: `https://x.example/api/v1?a=1` → `http://127.0.0.1:P/api/v1?a=1`. */
export function onMock(url: string, mockUrl: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return mockUrl;
  }
  const rest = `${parsed.pathname === '/' ? '' : parsed.pathname}${parsed.search}`;
  return `${mockUrl}${rest}`;
}

/**
 * The sandbox overlay of one Integration spec: its endpoint, OAuth2 token URL and event delivery URL point
 * at its mock (same paths), the endpoint is marked `localTesting` (plain http on loopback — the only place
 * the mocks listen) and its `tls` block is dropped, since there is no TLS to negotiate with a loopback
 * mock and its mutual-TLS material would be resolved for nothing; an S3 export lands in the sandbox's S3 fake
 * (same bucket and prefix), any other in a directory of the sandbox. Everything else — subscriptions, transforms, secrets by reference, data — is applied as written.
 * Pure: the workspace's files are never touched; only the desired state the sandbox applies changes.
 */
export function sandboxIntegrationSpec(spec: Record<string, unknown>, target: SandboxTarget): { spec: Record<string, unknown>; rewrite: SandboxRewrite } {
  const out: Record<string, unknown> = { ...spec };
  const endpoint = isObject(spec.endpoint) ? { ...spec.endpoint } : {};
  const baseUrl = typeof endpoint.baseUrl === 'string' ? onMock(endpoint.baseUrl, target.mockUrl) : target.mockUrl;
  delete endpoint.tls;
  out.endpoint = { ...endpoint, baseUrl, localTesting: true };
  const rewrite: SandboxRewrite = { endpoint: baseUrl };
  if (isObject(spec.auth) && typeof spec.auth.tokenUrl === 'string') {
    rewrite.tokenUrl = onMock(spec.auth.tokenUrl, target.mockUrl);
    out.auth = { ...spec.auth, tokenUrl: rewrite.tokenUrl };
  }
  if (isObject(spec.events) && isObject(spec.events.delivery) && typeof spec.events.delivery.url === 'string') {
    rewrite.delivery = onMock(spec.events.delivery.url, target.mockUrl);
    out.events = { ...spec.events, delivery: { ...spec.events.delivery, url: rewrite.delivery } };
  }
  const s3 = isObject(spec.export) && isObject(spec.export.destination) && isObject(spec.export.destination.s3) ? spec.export.destination.s3 : undefined;
  if (s3 && target.s3Endpoint && isObject(spec.export)) {
    rewrite.exportS3 = `s3://${String(s3.bucket)}/${typeof s3.prefix === 'string' ? s3.prefix : ''}`;
    out.export = { ...spec.export, destination: { s3: { ...s3, endpoint: target.s3Endpoint } } };
  } else if (isObject(spec.export) && isObject(spec.export.destination)) {
    rewrite.exportDirectory = target.exportDirectory;
    out.export = { ...spec.export, destination: { directory: { path: target.exportDirectory } } };
  }
  return { spec: out, rewrite };
}

/**
 * The Contract's published description (`spec.upstream.source`) served by the mock of the first integration on
 * it (`/__interlock/spec`, where a test publishes a changed description), so the runtime's vendor spec drift
 * check reads the mock instead of the vendor.
 */
function sandboxContract(r: ResourceBody, desired: readonly ResourceBody[], targets: ReadonlyMap<string, SandboxTarget>): ResourceBody {
  if (!isObject(r.spec.upstream) || typeof r.spec.upstream.source !== 'string') return r;
  const user = desired.find((i) => i.kind === 'Integration' && isObject(i.spec.contract) && i.spec.contract.ref === r.name && targets.has(i.name));
  if (!user) return r;
  const spec = { ...r.spec, upstream: { ...r.spec.upstream, source: `${targets.get(user.name)!.mockUrl}${CONTROL_PREFIX}/spec` } };
  return { ...r, spec, hash: specHash(spec) };
}

/** The desired state with every Integration (and Contract's published description) rewritten for the sandbox (other kinds as they are), hashes recomputed. */
export function sandboxResources(desired: readonly ResourceBody[], targets: ReadonlyMap<string, SandboxTarget>): { resources: ResourceBody[]; rewrites: Map<string, SandboxRewrite> } {
  const rewrites = new Map<string, SandboxRewrite>();
  const resources = desired.map((r) => {
    if (r.kind === 'Contract') return sandboxContract(r, desired, targets);
    const target = r.kind === 'Integration' ? targets.get(r.name) : undefined;
    if (!target) return r;
    const { spec, rewrite } = sandboxIntegrationSpec(r.spec, target);
    rewrites.set(r.name, rewrite);
    return { ...r, spec, hash: specHash(spec) };
  });
  return { resources, rewrites };
}
