import { DEFAULT_RUNTIME_URL } from './config.js';
import type { ApplyRequest, ApplyResult, AuditPage, HistoryEntry, Lease, PutResourceInput, ResourceRecord, StateSnapshot } from './model.js';
import type { ProblemDocument } from './problem.js';

/**
 * Typed client for the runtime admin API (contracts/interlock/runtime-admin.openapi.yaml). Every non-2xx
 * answer throws a `RuntimeApiError` subclass carrying the problem document; a runtime that cannot be
 * reached throws `RuntimeUnreachableError`.
 */
export interface RuntimeClientOptions {
  /** Default http://127.0.0.1:7300 */
  url?: string;
  /** Bearer token (INTERLOCK_TOKEN). */
  token?: string;
  /** Per-request timeout in milliseconds (default 30 s). */
  timeoutMs?: number;
}

export class RuntimeApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemDocument,
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'RuntimeApiError';
  }

  /** The last segment of the problem type, e.g. `stale-revision`. */
  get problemType(): string {
    return this.problem.type.split('/').pop() ?? this.problem.type;
  }
}

/** 409: stale revision, conflicting change, held or fenced lease. */
export class RuntimeConflictError extends RuntimeApiError {
  override name = 'RuntimeConflictError';
  /** Present on `stale-revision`. */
  get currentRevision(): number | undefined {
    return typeof this.problem.currentRevision === 'number' ? this.problem.currentRevision : undefined;
  }
}
/** 401 or 403. */
export class RuntimeAuthError extends RuntimeApiError {
  override name = 'RuntimeAuthError';
}
export class RuntimeNotFoundError extends RuntimeApiError {
  override name = 'RuntimeNotFoundError';
}
/** 400: the request did not match the schema (the runtime stored nothing). */
export class RuntimeBadRequestError extends RuntimeApiError {
  override name = 'RuntimeBadRequestError';
}

export class RuntimeUnreachableError extends Error {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`cannot reach the runtime at ${url}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'RuntimeUnreachableError';
  }
}

function errorFor(status: number, problem: ProblemDocument): RuntimeApiError {
  if (status === 409) return new RuntimeConflictError(status, problem);
  if (status === 401 || status === 403) return new RuntimeAuthError(status, problem);
  if (status === 404) return new RuntimeNotFoundError(status, problem);
  if (status === 400) return new RuntimeBadRequestError(status, problem);
  return new RuntimeApiError(status, problem);
}

const seg = encodeURIComponent;

export class RuntimeClient {
  readonly url: string;
  private readonly token?: string;
  private readonly timeoutMs: number;

  constructor(opts: RuntimeClientOptions = {}) {
    this.url = (opts.url ?? DEFAULT_RUNTIME_URL).replace(/\/+$/, '');
    this.token = opts.token;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
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
  async *auditEntries(pageSize = 1000): AsyncGenerator<AuditPage['entries'][number]> {
    let after = 0;
    for (;;) {
      const page = await this.audit({ after, limit: pageSize });
      yield* page.entries;
      if (page.next === null) return;
      after = page.next;
    }
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

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(this.url + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
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
      throw errorFor(res.status, problem);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
