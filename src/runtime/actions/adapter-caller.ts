import {
  HttpError,
  InsecureTransportError,
  TimeoutError,
  Transport,
  type AuthConfig,
  type IntegrationConfig,
} from '../../adapter-runtime/index.js';
import { canonicalJson } from '../../core/canonical-json.js';
import type { ConnectorHealth } from '../connectors/health.js';
import type { AddressClass } from '../delivery/address-class.js';
import { resolveFor, type SecretLookup } from '../delivery/secret-refs.js';
import { checkTarget, systemResolver, type Resolver } from '../delivery/ssrf-guard.js';
import type { ActionCaller, ActionCallRequest, ActionCallResult } from './caller.js';
import { guardedLookup } from './egress-lookup.js';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const DEFAULT_TIMEOUT_MS = 10_000;

/** A secret reference that could not be resolved; the message names the reference, never a value. */
class SecretUnavailable extends Error {}

export interface AdapterCallerOptions {
  secrets: SecretLookup;
  health?: ConnectorHealth;
  /** Address classes the egress guard lets through for every integration (runtime configuration). */
  allowAddresses?: readonly AddressClass[];
  /** DNS for the egress guard (tests pin names). */
  resolve?: Resolver;
}

/** The adapter runtime's view of an applied Integration spec: endpoint, TLS floor and auth (references only). */
export function integrationConfig(name: string, spec: Record<string, unknown>): IntegrationConfig {
  const endpoint = isObject(spec.endpoint) ? spec.endpoint : {};
  const tls = isObject(endpoint.tls) ? endpoint.tls : {};
  const auth = isObject(spec.auth) && typeof spec.auth.type === 'string' ? (spec.auth as unknown as AuthConfig) : { type: 'none' as const };
  const mtls = isObject(tls.mtls) ? tls.mtls : undefined;
  return {
    name,
    vendor: typeof spec.vendor === 'string' ? spec.vendor : '',
    baseUrl: typeof endpoint.baseUrl === 'string' ? endpoint.baseUrl : '',
    localTesting: endpoint.localTesting === true,
    timeoutMs: typeof endpoint.timeoutMs === 'number' ? endpoint.timeoutMs : DEFAULT_TIMEOUT_MS,
    // TLS 1.2 is the floor whatever the manifest says; 1.3 when it asks for it.
    tlsMinVersion: String(tls.minVersion) === '1.3' ? 'TLSv1.3' : 'TLSv1.2',
    auth,
    ...(mtls && typeof mtls.cert === 'string' && typeof mtls.key === 'string'
      ? { mtls: { cert: mtls.cert, key: mtls.key, ...(typeof mtls.ca === 'string' ? { ca: mtls.ca } : {}) } }
      : {}),
  };
}

function credentialRefs(auth: AuthConfig): string[] {
  switch (auth.type) {
    case 'apiKey':
      return [auth.value];
    case 'basic':
      return [auth.password];
    case 'oauth2':
      return [auth.clientSecret];
    case 'jwt':
      return [auth.signingKey];
    default:
      return [];
  }
}

/**
 * Calls vendor operations in this process with the adapter runtime's transport, the same code generated
 * adapters run: auth from the integration's secret references (resolved now, through the runtime's
 * resolver, never stored), the TLS floor, and every connection through the egress guard. The transport
 * does not retry: the action runner retries durably on the delivery schedule. One transport per
 * integration (keep-alive connections, OAuth token), replaced when the applied spec changes.
 */
function transportSlot(integration: string, tenant: string | undefined): string {
  return tenant === undefined || tenant === 'default' ? integration : `${tenant}\u0000${integration}`;
}

export class AdapterActionCaller implements ActionCaller {
  private readonly transports = new Map<string, { spec: Record<string, unknown>; key: string; transport: Transport; config: IntegrationConfig }>();

  constructor(private readonly options: AdapterCallerOptions) {}

  private transportFor(req: ActionCallRequest): { transport: Transport; config: IntegrationConfig } {
    // Per tenant and name: two tenants' same-named integrations each keep their transport; keyed by name
    // alone, each call of one replaced (and closed, mid-request) the other's.
    const slot = transportSlot(req.integration, req.tenant);
    const known = this.transports.get(slot);
    // In process the runner hands over the applied spec object itself: the same object is the same spec,
    // without serialising it on every call.
    if (known?.spec === req.spec) return known;
    const key = canonicalJson(req.spec);
    if (known?.key === key) {
      known.spec = req.spec;
      return known;
    }
    known?.transport.close();
    const config = integrationConfig(req.integration, req.spec);
    const { secrets, health } = this.options;
    const transport = new Transport(
      config,
      {
        retry: { retries: 0 },
        secrets: async (ref) => {
          const resolved = await resolveFor(secrets, ref, req.integration, health);
          if (!resolved.ok) throw new SecretUnavailable(resolved.error);
          return resolved.value;
        },
        lookup: guardedLookup({ localTesting: config.localTesting, allow: this.options.allowAddresses ?? [] }, this.options.resolve ?? systemResolver),
      },
      {},
    );
    const entry = { spec: req.spec, key, transport, config };
    this.transports.set(slot, entry);
    return entry;
  }

  async callOperation(req: ActionCallRequest): Promise<ActionCallResult> {
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 1000) / 1000;
    const { transport, config } = this.transportFor(req);
    const policy = { localTesting: config.localTesting, allow: this.options.allowAddresses ?? [] };
    // Address literals never reach the lookup: the guard judges the endpoint (and token URL) up front too.
    for (const url of [config.baseUrl, config.auth.type === 'oauth2' ? config.auth.tokenUrl : undefined]) {
      if (url === undefined) continue;
      const check = await checkTarget(url, policy, this.options.resolve ?? systemResolver);
      if (!check.ok) return { status: null, error: `refused by the egress guard: ${check.detail}`, permanent: check.reason !== 'unresolvable', latencyMs: elapsed() };
    }
    try {
      let status = 200;
      const body = await transport.call(req.operation, req.input, { onStatus: (s) => (status = s) });
      return { status, body, latencyMs: elapsed() };
    } catch (error) {
      return { ...this.failure(error, config), latencyMs: elapsed() };
    }
  }

  private failure(error: unknown, config: IntegrationConfig): Omit<ActionCallResult, 'latencyMs'> {
    if (error instanceof HttpError) {
      // The vendor refused our credentials: they may have been rotated, so read them again next time.
      if (error.status === 401 || error.status === 403) for (const ref of credentialRefs(config.auth)) this.options.secrets.invalidate?.(ref);
      const retryAfter = error.headers['retry-after'];
      return { status: error.status, error: `${error.operationId} answered ${error.status}`, ...(typeof retryAfter === 'string' ? { retryAfter } : {}) };
    }
    if (error instanceof SecretUnavailable || error instanceof TimeoutError) return { status: null, error: error.message };
    if (error instanceof InsecureTransportError) return { status: null, error: error.message, permanent: true };
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EGRESS_REFUSED') return { status: null, error: (error as Error).message, permanent: true };
    // A request the adapter cannot build (a required path parameter without a value) never will be.
    if (error instanceof TypeError) return { status: null, error: error.message, permanent: true };
    return { status: null, error: (error as Error).message ?? String(error) };
  }

  forget(integration: string): void {
    for (const [slot, entry] of this.transports) {
      if (slot === integration || slot.endsWith(`\u0000${integration}`)) {
        entry.transport.close();
        this.transports.delete(slot);
      }
    }
  }

  async close(): Promise<void> {
    for (const { transport } of this.transports.values()) transport.close();
    this.transports.clear();
  }
}
