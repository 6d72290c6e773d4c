import { Octokit } from '@octokit/rest';
import { FatalError } from '../core/errors.js';

/** A repository on GitHub (or GitHub Enterprise Server). */
export interface RepoRef {
  owner: string;
  repo: string;
}

export interface ClientOptions {
  token: string;
  /** REST API root: `https://api.github.com`, `https://ghe.example.com/api/v3`, or a test server. */
  baseUrl?: string;
  userAgent?: string;
}

/** Octokit with Interlock's user agent, no console logging (callers report), and a bounded request time. */
export function createGitHubClient(options: ClientOptions): Octokit {
  return new Octokit({
    auth: options.token,
    ...(options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, '') } : {}),
    userAgent: options.userAgent ?? 'interlock',
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    request: { retries: 0 },
  });
}

export function parseRepo(fullName: string): RepoRef | undefined {
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(fullName);
  return m ? { owner: m[1], repo: m[2] } : undefined;
}

export interface CallOptions {
  /**
   * The call is idempotent (a read, or an update that sets a value): retry it after a transient
   * failure (HTTP 5xx, network). Creates are never retried, so a lost answer cannot duplicate them.
   */
  retry?: boolean;
  /** Waits before each retry, in ms. */
  delays?: readonly number[];
}

const RETRY_DELAYS = [300, 1500];

function transient(error: unknown): boolean {
  const status = error && typeof error === 'object' ? (error as { status?: unknown }).status : undefined;
  return typeof status !== 'number' || status >= 500;
}

/**
 * Runs one GitHub call; a failed request (HTTP status, network) becomes a FatalError that says which
 * call failed and what GitHub answered, never a stack trace.
 */
export async function githubCall<T>(what: string, call: () => Promise<T>, options: CallOptions = {}): Promise<T> {
  const delays = options.retry ? (options.delays ?? RETRY_DELAYS) : [];
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt < delays.length && transient(error)) {
        await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
        continue;
      }
      throw new FatalError(`GitHub API: ${what} failed: ${describeError(error)}`);
    }
  }
}

function describeError(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { status?: unknown; message?: unknown; response?: { data?: unknown } };
    const data = e.response?.data;
    let detail = '';
    if (data && typeof data === 'object') {
      const d = data as { message?: unknown; errors?: unknown };
      const errs = Array.isArray(d.errors)
        ? d.errors.map((x) => (x && typeof x === 'object' && 'message' in x ? String((x as { message: unknown }).message) : String(x))).join('; ')
        : '';
      detail = [typeof d.message === 'string' ? d.message : '', errs].filter(Boolean).join(': ');
    }
    if (typeof e.status === 'number') {
      const hint = e.status === 401 ? ' (check GITHUB_TOKEN)' : e.status === 403 ? ' (the token lacks a permission, e.g. pull-requests: write or checks: write)' : '';
      return `HTTP ${e.status}${detail ? ` ${detail}` : ''}${hint}`;
    }
    if (typeof e.message === 'string') return e.message;
  }
  return String(error);
}
