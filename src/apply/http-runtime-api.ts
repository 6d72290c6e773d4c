import { FatalError } from '../core/errors.js';
import type { ActualState } from '../plan/resource.js';
import { RuntimeApiError, type ApplyRequest, type ApplyResponse, type LeaseGrant, type ProblemDocument, type RuntimeApi } from './runtime-api.js';

export interface HttpRuntimeOptions {
  /** Base URL, e.g. `http://127.0.0.1:7300`. */
  url: string;
  /** Bearer token (`interlock runtime token create`). */
  token?: string;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** The admin API v1 over HTTP. A runtime that cannot be reached is a FatalError (exit 2), a problem answer a RuntimeApiError. */
export class HttpRuntimeApi implements RuntimeApi {
  private readonly base: string;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: HttpRuntimeOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.fetchFn = options.fetch ?? fetch;
  }

  getState(): Promise<ActualState> {
    return this.call<ActualState>('GET', '/v1/state');
  }

  apply(request: ApplyRequest): Promise<ApplyResponse> {
    return this.call<ApplyResponse>('POST', '/v1/apply', request);
  }

  acquireLease(holder: string, ttlSeconds: number): Promise<LeaseGrant> {
    return this.call<LeaseGrant>('POST', '/v1/lease', { holder, ttlSeconds });
  }

  renewLease(token: number, ttlSeconds: number): Promise<LeaseGrant> {
    return this.call<LeaseGrant>('POST', '/v1/lease/renew', { token, ttlSeconds });
  }

  async releaseLease(token: number): Promise<void> {
    await this.call<unknown>('DELETE', '/v1/lease', { token });
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response | undefined;
    // A kept-alive connection the server closed just as it was reused fails without a response; a read is
    // safe to send again. A write is not retried: apply's expected revision makes its outcome checkable.
    for (let attempt = 1; !response; attempt++) {
      try {
        response = await this.fetchFn(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error ? error.message : String(error));
        if (method === 'GET' && attempt < 3 && cause !== 'ECONNREFUSED') continue;
        throw new FatalError(`Cannot reach the runtime at ${this.base} (${cause}); start it with \`interlock runtime start\` or pass --runtime URL`);
      }
    }
    const text = await response.text();
    if (!response.ok) throw new RuntimeApiError(response.status, problemOf(response.status, text));
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new FatalError(`The runtime at ${this.base} answered ${method} ${path} with a body that is not JSON`);
    }
  }
}

function problemOf(status: number, text: string): ProblemDocument {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed !== null && typeof parsed === 'object' && typeof (parsed as ProblemDocument).type === 'string') return { ...(parsed as ProblemDocument), status };
  } catch {
    // not a problem document; fall through
  }
  return { type: 'about:blank', title: `HTTP ${status}`, status, detail: text.slice(0, 200) || undefined };
}
