import type { ErasureRequestInput, ErasureRequestView, EvidenceBundle } from '../core/erasure-api.js';
import type { AlertStatus, AlertView, TrustView } from '../core/monitor-api.js';
import type { MonthlySummary } from '../core/monthly-report-api.js';
import type { AcceptOutcome, DeliveryStats, DeliveryView, ReplayResult } from '../core/delivery-api.js';
import type { ExportJobView, ExportRunView } from '../core/exports-api.js';
import type { StreamView } from '../core/streams-api.js';
import type { ActionCallFilter, ActionCallView } from '../core/actions-api.js';
import type { JobRun, JobView } from '../core/jobs-api.js';
import type { CreatedToken, CreateTokenRequest, RotateTokenRequest, TokenView } from '../core/token-api.js';
import type { ApplyRequest, ApplyResult, AuditEntry, AuditPage, HistoryEntry, Lease, ProblemDocument, PutResourceInput, ResourceRecord, StateSnapshot } from '../core/runtime-api.js';
import { DEFAULT_RUNTIME_URL } from './endpoint.js';
import { HttpsTransport, type RuntimeClientTls, type TransportResponse } from './https-transport.js';
import { RuntimeApiError, RuntimeUnreachableError, runtimeApiError } from './errors.js';

export interface RuntimeClientOptions {
  /** Default http://127.0.0.1:7300 */
  url?: string;
  /** Bearer token (INTERLOCK_TOKEN). */
  token?: string;
  /** Per-request timeout in milliseconds (default 30 s). */
  timeoutMs?: number;
  /** CA and client certificate for an `https://` runtime (INTERLOCK_RUNTIME_CA, …_CLIENT_CERT, …_CLIENT_KEY). */
  tls?: RuntimeClientTls;
}

export interface DeliveryFilterQuery {
  integration?: string;
  status?: string;
  limit?: number;
  before?: string;
}

const seg = encodeURIComponent;

/**
 * The one typed client of the runtime's admin API (contracts/interlock/runtime-admin.openapi.yaml): state,
 * apply, resources, leases, audit, events and deliveries. Every non-2xx answer throws a `RuntimeApiError`
 * (subclass per status family) carrying the problem document; a runtime that cannot be reached throws
 * `RuntimeUnreachableError`.
 */
export class RuntimeClient {
  readonly url: string;
  private readonly token?: string;
  private readonly timeoutMs: number;
  private readonly explicitTimeoutMs: number | undefined;
  private readonly tls: RuntimeClientTls | undefined;
  private https: HttpsTransport | undefined;

  constructor(opts: RuntimeClientOptions = {}) {
    this.tls = opts.tls;
    this.url = (opts.url ?? DEFAULT_RUNTIME_URL).replace(/\/+$/, '');
    this.token = opts.token;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.explicitTimeoutMs = opts.timeoutMs;
  }

  getState(filter: { kind?: string } = {}): Promise<StateSnapshot> {
    return this.request('GET', `/v1/state${filter.kind ? `?kind=${seg(filter.kind)}` : ''}`);
  }

  apply(request: ApplyRequest): Promise<ApplyResult> {
    return this.request('POST', '/v1/apply', request);
  }

  getResource(kind: string, name: string): Promise<ResourceRecord> {
    return this.request('GET', `/v1/resources/${seg(kind)}/${seg(name)}`);
  }

  /** Out-of-band edit (admin role). */
  putResource(kind: string, name: string, input: PutResourceInput): Promise<ResourceRecord> {
    return this.request('PUT', `/v1/resources/${seg(kind)}/${seg(name)}`, input);
  }

  async history(kind: string, name: string): Promise<HistoryEntry[]> {
    return (await this.request<{ entries: HistoryEntry[] }>('GET', `/v1/resources/${seg(kind)}/${seg(name)}/history`)).entries;
  }

  releaseResource(kind: string, name: string): Promise<ResourceRecord> {
    return this.request('POST', `/v1/resources/${seg(kind)}/${seg(name)}/release`);
  }

  acquireLease(holder: string, ttlSeconds: number): Promise<Lease> {
    return this.request('POST', '/v1/lease', { holder, ttlSeconds });
  }

  renewLease(token: number, ttlSeconds: number): Promise<Lease> {
    return this.request('POST', '/v1/lease/renew', { token, ttlSeconds });
  }

  async releaseLease(token: number): Promise<void> {
    await this.request('DELETE', '/v1/lease', { token });
  }

  audit(page: { after?: number; limit?: number } = {}): Promise<AuditPage> {
    const q = new URLSearchParams();
    if (page.after !== undefined) q.set('after', String(page.after));
    if (page.limit !== undefined) q.set('limit', String(page.limit));
    const qs = q.toString();
    return this.request('GET', `/v1/audit${qs ? `?${qs}` : ''}`);
  }

  /** Every audit entry, page by page. */
  async *auditEntries(pageSize = 1000): AsyncGenerator<AuditEntry> {
    let after = 0;
    for (;;) {
      const page = await this.audit({ after, limit: pageSize });
      yield* page.entries;
      if (page.next === null) return;
      after = page.next;
    }
  }

  sendEvent(event: { type: string; data: unknown; idempotencyKey?: string }): Promise<AcceptOutcome> {
    return this.request('POST', '/v1/events', event);
  }

  listDeliveries(filter: DeliveryFilterQuery = {}): Promise<{ deliveries: DeliveryView[]; next: string | null }> {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v !== undefined) qs.set(k, String(v));
    return this.request('GET', `/v1/deliveries${qs.size ? `?${qs}` : ''}`);
  }

  replay(id: string): Promise<ReplayResult> {
    return this.request('POST', `/v1/deliveries/${seg(id)}/replay`, {});
  }

  replaySince(since: Date, integration?: string): Promise<ReplayResult> {
    return this.request('POST', '/v1/deliveries/replay', { since: since.toISOString(), ...(integration ? { integration } : {}) });
  }

  stats(integration: string, window = '5m'): Promise<DeliveryStats> {
    return this.request('GET', `/v1/deliveries/stats?integration=${seg(integration)}&window=${seg(window)}`);
  }

  /** The canary lever for rollouts: `percent` of the integration's events go to `spec`. */
  setCanary(integration: string, percent: number, spec: Record<string, unknown>): Promise<{ integration: string; percent: number }> {
    return this.request('PUT', `/v1/deliveries/canaries/${seg(integration)}`, { percent, spec });
  }

  async clearCanary(integration: string): Promise<void> {
    await this.request('DELETE', `/v1/deliveries/canaries/${seg(integration)}`);
  }

  listJobs(): Promise<{ jobs: JobView[] }> {
    return this.request('GET', '/v1/jobs');
  }

  jobHistory(id: string, limit = 50): Promise<{ runs: JobRun[] }> {
    return this.request('GET', `/v1/jobs/${seg(id)}/runs?limit=${limit}`);
  }

  /** Runs a job now; the runtime answers when the run has finished, so this waits up to 10 minutes. */
  runJob(id: string): Promise<JobRun> {
    return this.request('POST', `/v1/jobs/${seg(id)}/run`, undefined, Math.max(this.timeoutMs, 600_000));
  }

  async listExports(): Promise<ExportJobView[]> {
    return (await this.request<{ exports: ExportJobView[] }>('GET', '/v1/exports')).exports;
  }

  /** Runs an export window and waits for it: a large window takes as long as its export (no timeout unless one was set). */
  runExport(integration: string, body: { window?: string; retry?: boolean }): Promise<ExportRunView> {
    return this.request('POST', `/v1/exports/${seg(integration)}/runs`, body, this.explicitTimeoutMs ?? 0);
  }

  async exportRuns(filter: { integration?: string; limit?: number } = {}): Promise<ExportRunView[]> {
    const qs = new URLSearchParams();
    if (filter.integration) qs.set('integration', filter.integration);
    if (filter.limit) qs.set('limit', String(filter.limit));
    return (await this.request<{ runs: ExportRunView[] }>('GET', `/v1/exports/runs${qs.size ? `?${qs}` : ''}`)).runs;
  }

  async listActionCalls(filter: ActionCallFilter = {}): Promise<ActionCallView[]> {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v !== undefined) q.set(k, String(v));
    const query = q.toString();
    return (await this.request<{ calls: ActionCallView[] }>('GET', `/v1/actions/calls${query ? `?${query}` : ''}`)).calls;
  }

  createErasure(input: ErasureRequestInput): Promise<ErasureRequestView> {
    return this.request('POST', '/v1/erasure', input);
  }

  async listErasures(filter: { status?: string; limit?: number } = {}): Promise<ErasureRequestView[]> {
    const qs = new URLSearchParams();
    if (filter.status) qs.set('status', filter.status);
    if (filter.limit) qs.set('limit', String(filter.limit));
    return (await this.request<{ requests: ErasureRequestView[] }>('GET', `/v1/erasure${qs.size ? `?${qs}` : ''}`)).requests;
  }

  getErasure(id: string): Promise<ErasureRequestView> {
    return this.request('GET', `/v1/erasure/${seg(id)}`);
  }

  erasureEvidence(id: string): Promise<EvidenceBundle> {
    return this.request('GET', `/v1/erasure/${seg(id)}/evidence`);
  }

  closeErasureObligation(id: string, step: string, evidence: { reference: string; note?: string }): Promise<ErasureRequestView> {
    return this.request('POST', `/v1/erasure/${seg(id)}/steps/${seg(step)}/evidence`, evidence);
  }

  /** Every connector's latest trust score with its inputs, penalties, last drop and `history` past scores. */
  async trustScores(history?: number): Promise<TrustView[]> {
    return (await this.request<{ integrations: TrustView[] }>('GET', `/v1/trust${history === undefined ? '' : `?history=${history}`}`)).integrations;
  }

  async listAlerts(filter: { status?: AlertStatus | 'all'; limit?: number } = {}): Promise<AlertView[]> {
    const q = new URLSearchParams();
    if (filter.status) q.set('status', filter.status);
    if (filter.limit !== undefined) q.set('limit', String(filter.limit));
    const qs = q.toString();
    return (await this.request<{ alerts: AlertView[] }>('GET', `/v1/alerts${qs ? `?${qs}` : ''}`)).alerts;
  }

  /** The monthly summary (`YYYY-MM`; default: the runtime's last month). */
  monthlySummary(month?: string): Promise<MonthlySummary> {
    return this.request('GET', `/v1/reports/monthly${month ? `?month=${encodeURIComponent(month)}` : ''}`);
  }

  async listStreams(): Promise<StreamView[]> {
    return (await this.request<{ streams: StreamView[] }>('GET', '/v1/streams')).streams;
  }

  async listTokens(): Promise<TokenView[]> {
    return (await this.request<{ tokens: TokenView[] }>('GET', '/v1/tokens')).tokens;
  }

  createToken(request: CreateTokenRequest): Promise<CreatedToken> {
    return this.request('POST', '/v1/tokens', request);
  }

  revokeToken(id: string): Promise<TokenView> {
    return this.request('DELETE', `/v1/tokens/${seg(id)}`);
  }

  rotateToken(id: string, request: RotateTokenRequest = {}): Promise<CreatedToken> {
    return this.request('POST', `/v1/tokens/${seg(id)}/rotate`, request);
  }

  async ready(): Promise<boolean> {
    try {
      await this.request('GET', '/readyz');
      return true;
    } catch (error) {
      if (error instanceof RuntimeApiError || error instanceof RuntimeUnreachableError) return false;
      throw error;
    }
  }

  /** The one place the admin API is fetched. */
  private async request<T>(method: string, path: string, body?: unknown, timeoutMs = this.timeoutMs): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: TransportResponse;
    try {
      res = await this.send(method, path, headers, body === undefined ? undefined : JSON.stringify(body), timeoutMs);
    } catch (error) {
      throw new RuntimeUnreachableError(this.url, error);
    }
    const { text } = res;
    if (res.status < 200 || res.status > 299) {
      let problem: ProblemDocument;
      try {
        problem = JSON.parse(text) as ProblemDocument;
      } catch {
        problem = { type: 'about:blank', title: res.statusText || `HTTP ${res.status}`, status: res.status, detail: text.slice(0, 500) };
      }
      throw runtimeApiError(res.status, problem);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** `fetch` for http; node:https for an https runtime when a CA or client certificate is configured. */
  private async send(method: string, path: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<TransportResponse> {
    if (this.url.startsWith('https:') && this.tls && (this.tls.caFile || this.tls.certFile)) {
      this.https ??= new HttpsTransport(this.tls);
      return this.https.send(this.url + path, { method, headers, body, timeoutMs });
    }
    // 0: no timeout (a call that lasts as long as the work it waits for).
    const res = await fetch(this.url + path, { method, headers, body, ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}) });
    return { status: res.status, statusText: res.statusText, text: await res.text() };
  }

  /** Lets go of kept-alive TLS connections (an https client with its own CA or certificate). */
  close(): void {
    this.https?.close();
  }
}
