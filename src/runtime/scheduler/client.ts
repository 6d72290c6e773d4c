import { RuntimeApiError, RuntimeUnreachableError } from '../client.js';
import { DEFAULT_RUNTIME_URL } from '../config.js';
import type { ProblemDocument } from '../problem.js';
import type { JobRun } from './run-queries.js';
import type { JobView } from './scheduler.js';

/** Typed client for the scheduled-job operations of the admin API (`/v1/jobs`). */
export class JobsClient {
  readonly url: string;
  constructor(private readonly opts: { url?: string; token?: string; timeoutMs?: number } = {}) {
    this.url = (opts.url ?? DEFAULT_RUNTIME_URL).replace(/\/+$/, '');
  }

  list(): Promise<{ jobs: JobView[] }> {
    return this.request('GET', '/v1/jobs');
  }

  history(id: string, limit = 50): Promise<{ runs: JobRun[] }> {
    return this.request('GET', `/v1/jobs/${encodeURIComponent(id)}/runs?limit=${limit}`);
  }

  run(id: string): Promise<JobRun> {
    return this.request('POST', `/v1/jobs/${encodeURIComponent(id)}/run`);
  }

  private async request<T>(method: string, path: string): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (this.opts.token) headers.authorization = `Bearer ${this.opts.token}`;
    let res: Response;
    try {
      // A manual run answers when it has finished: allow it longer than a read.
      res = await fetch(this.url + path, { method, headers, signal: AbortSignal.timeout(this.opts.timeoutMs ?? (method === 'POST' ? 600_000 : 30_000)) });
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
    return JSON.parse(text) as T;
  }
}
