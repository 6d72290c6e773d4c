import { RuntimeApiError, RuntimeUnreachableError } from '../client.js';
import { DEFAULT_RUNTIME_URL } from '../config.js';
import type { ProblemDocument } from '../problem.js';
import type { ExportRunView } from './run-queries.js';
import type { ExportJobView } from './service.js';

/**
 * Typed client for the export operations of the admin API. Non-2xx answers throw `RuntimeApiError` with
 * the problem document; an unreachable runtime throws `RuntimeUnreachableError`.
 */
export class ExportClient {
  readonly url: string;
  constructor(private readonly opts: { url?: string; token?: string; timeoutMs?: number } = {}) {
    this.url = (opts.url ?? DEFAULT_RUNTIME_URL).replace(/\/+$/, '');
  }

  async list(): Promise<ExportJobView[]> {
    return (await this.request<{ exports: ExportJobView[] }>('GET', '/v1/exports')).exports;
  }

  /** Runs a window and waits for it: a large window takes as long as its export (no request timeout unless set). */
  run(integration: string, body: { window?: string; retry?: boolean }): Promise<ExportRunView> {
    return this.request('POST', `/v1/exports/${encodeURIComponent(integration)}/runs`, body, this.opts.timeoutMs ?? 0);
  }

  async history(filter: { integration?: string; limit?: number } = {}): Promise<ExportRunView[]> {
    const qs = new URLSearchParams();
    if (filter.integration) qs.set('integration', filter.integration);
    if (filter.limit) qs.set('limit', String(filter.limit));
    return (await this.request<{ runs: ExportRunView[] }>('GET', `/v1/exports/runs${qs.size ? `?${qs}` : ''}`)).runs;
  }

  private async request<T>(method: string, path: string, body?: unknown, timeoutMs = this.opts.timeoutMs ?? 30_000): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (this.opts.token) headers.authorization = `Bearer ${this.opts.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(this.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}) });
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
