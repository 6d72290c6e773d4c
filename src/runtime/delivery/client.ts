import { RuntimeApiError, RuntimeUnreachableError } from '../client.js';
import { DEFAULT_RUNTIME_URL } from '../config.js';
import type { ProblemDocument } from '../problem.js';
import type { DeliveryStats, DeliveryView, ReplayResult } from './log-queries.js';
import type { AcceptOutcome } from './outbox-queries.js';

/**
 * Typed client for the event and delivery operations of the admin API. Non-2xx answers throw
 * `RuntimeApiError` with the problem document; an unreachable runtime throws `RuntimeUnreachableError`.
 */
export class DeliveryClient {
  readonly url: string;
  constructor(private readonly opts: { url?: string; token?: string; timeoutMs?: number } = {}) {
    this.url = (opts.url ?? DEFAULT_RUNTIME_URL).replace(/\/+$/, '');
  }

  sendEvent(event: { type: string; data: unknown; idempotencyKey?: string }): Promise<AcceptOutcome> {
    return this.request('POST', '/v1/events', event);
  }

  listDeliveries(filter: { integration?: string; status?: string; limit?: number; before?: string } = {}): Promise<{ deliveries: DeliveryView[]; next: string | null }> {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v !== undefined) qs.set(k, String(v));
    return this.request('GET', `/v1/deliveries${qs.size ? `?${qs}` : ''}`);
  }

  replay(id: string): Promise<ReplayResult> {
    return this.request('POST', `/v1/deliveries/${encodeURIComponent(id)}/replay`, {});
  }

  replaySince(since: Date, integration?: string): Promise<ReplayResult> {
    return this.request('POST', '/v1/deliveries/replay', { since: since.toISOString(), ...(integration ? { integration } : {}) });
  }

  stats(integration: string, window = '5m'): Promise<DeliveryStats> {
    return this.request('GET', `/v1/deliveries/stats?integration=${encodeURIComponent(integration)}&window=${encodeURIComponent(window)}`);
  }

  /** The canary lever for rollouts: `percent` of the integration's events go to `spec`. */
  setCanary(integration: string, percent: number, spec: Record<string, unknown>): Promise<{ integration: string; percent: number }> {
    return this.request('PUT', `/v1/deliveries/canaries/${encodeURIComponent(integration)}`, { percent, spec });
  }

  async clearCanary(integration: string): Promise<void> {
    await this.request('DELETE', `/v1/deliveries/canaries/${encodeURIComponent(integration)}`);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (this.opts.token) headers.authorization = `Bearer ${this.opts.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(this.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000) });
    } catch (error) {
      throw new RuntimeUnreachableError(this.url, error);
    }
    const text = await res.text();
    if (!res.ok) {
      let problem: ProblemDocument;
      try {
        problem = JSON.parse(text) as ProblemDocument;
      } catch {
        problem = { type: 'about:blank', title: res.statusText || `HTTP ${res.status}`, status: res.status, detail: text.slice(0, 500) };
      }
      throw new RuntimeApiError(res.status, problem);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
