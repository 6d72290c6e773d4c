import { appendFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';

/** One request as the mock saw it; secrets in headers and body fields are redacted. */
export interface RecordedRequest {
  seq: number;
  at: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  /** Parsed JSON or form fields when the body was one, else its text (up to 64 KiB). */
  body?: unknown;
  /** Operation id (OpenAPI) or operation name (GraphQL); absent for paths the contract does not have. */
  operation?: string;
  matched: boolean;
  validation: { valid: boolean; errors: { in: string; pointer: string; message: string }[]; unchecked?: string[] };
  status: number;
  /** An event delivery taken at one of the mock's receiver paths (`MockOptions.receivers`). */
  receiver?: true;
  /** Whether the delivery's signature verified, when the mock was given a check (`MockOptions.checkDelivery`). */
  signature?: 'valid' | 'invalid';
  /** Whether the request's credentials matched, when the mock was given a check (`MockOptions.checkCredentials`). */
  credentials?: 'valid' | 'invalid';
  /** A request to the mock's OAuth 2.0 token endpoint (`MockOptions.tokenPaths`); its body is not recorded. */
  tokenRequest?: true;
  /** Fault applied to this request, if any. */
  fault?: string;
}

const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie)$|token|secret|password|passwd|api-?key|apikey|session|credential/i;
const SECRET_FIELD = /^(password|passwd|secret|client_secret|token|access_token|refresh_token|api_key|apikey|private_key)$|secret|password/i;

export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(', ') : raw;
    if (!SECRET_HEADER.test(name)) out[name] = value;
    else if (name === 'authorization' || name === 'proxy-authorization') {
      const scheme = /^(\S+)\s/.exec(value)?.[1];
      out[name] = scheme ? `${scheme} [redacted]` : '[redacted]';
    } else out[name] = '[redacted]';
  }
  return out;
}

export function redactBody(value: unknown, depth = 0): unknown {
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactBody(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_FIELD.test(k) && (typeof v === 'string' || typeof v === 'number') ? '[redacted]' : redactBody(v, depth + 1);
  return out;
}

/** Keeps the requests of a run in memory (bounded) and, with `file`, appends each as one NDJSON line. */
export class Recorder {
  private readonly list: RecordedRequest[] = [];
  private seq = 0;

  constructor(
    private readonly file?: string,
    private readonly max = 10_000,
  ) {}

  add(entry: Omit<RecordedRequest, 'seq'>): RecordedRequest {
    const recorded = { seq: ++this.seq, ...entry };
    this.list.push(recorded);
    if (this.list.length > this.max) this.list.shift();
    if (this.file) appendFileSync(this.file, JSON.stringify(recorded) + '\n');
    return recorded;
  }

  all(filter: { method?: string; path?: string; operation?: string } = {}): RecordedRequest[] {
    return this.list.filter(
      (r) => (!filter.method || r.method === filter.method.toUpperCase()) && (!filter.path || r.path === filter.path || (filter.path.endsWith('*') && r.path.startsWith(filter.path.slice(0, -1)))) && (!filter.operation || r.operation === filter.operation),
    );
  }

  clear(): void {
    this.list.length = 0;
  }
}
