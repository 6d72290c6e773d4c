import { randomUUID, type KeyObject } from 'node:crypto';
import { HttpError } from 'interlock/adapter-runtime';
// The runtime's own RFC 9421/9530 code, so the SDK signs exactly what the runtime verifies; a published
// SDK would bundle it (it needs only node:crypto).
import { contentDigest, signRequest } from '../../../src/core/http-signature.js';
import { createClient, type Client } from '../workspace/generated/probe/index.js';
import type { EvidenceAccepted, EvidenceInput } from '../workspace/generated/probe/types.js';

/** The API version this SDK was written for (sent as `Interlock-Version`; the runtime keeps the previous minor working). */
export const SDK_API_VERSION = '1.1';

export type ProbeKey = { alg: 'ed25519'; privateKey: KeyObject } | { alg: 'hmac-sha256'; secret: Buffer };

export interface ProbeOptions {
  /** The runtime, e.g. `https://interlock.internal:7300`. */
  baseUrl: string;
  /** A runtime token whose role may write evidence (the `probe` role). */
  token: string;
  /** The keyid registered with `PUT /v1/probes/{keyid}`. */
  keyId: string;
  key: ProbeKey;
  /** Attempts per item before `send` gives up (default 20). */
  maxAttempts?: number;
  /** First backoff, doubled each attempt up to `maxDelayMs`, with full jitter (default 100 ms, 10 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Injected in tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  clock?: () => Date;
}

/** Evidence as a probe sends it; `idempotencyKey` defaults to a fresh UUID kept for every retry of this item. */
export type Evidence = Omit<EvidenceInput, 'idempotencyKey'> & { idempotencyKey?: string };

/** A send that failed for good: a refusal no retry can change (4xx other than 429), or out of attempts. */
export class ProbeSendError extends Error {
  constructor(
    readonly status: number | null,
    readonly problem: unknown,
    readonly attempts: number,
    message: string,
  ) {
    super(message);
    this.name = 'ProbeSendError';
  }
}

export interface Probe {
  /** Sends one item, retrying until it is stored (201) or found stored already (200, `duplicate`). */
  send(evidence: Evidence): Promise<EvidenceAccepted>;
  close(): void;
}

/** Answers worth another attempt: rate limited, the runtime busy or restarting, a lost connection. */
function retryable(error: unknown): { status: number | null; retryAfterMs: number | null } | null {
  if (error instanceof HttpError) {
    if (error.status !== 429 && error.status !== 503 && error.status !== 502 && error.status !== 504 && error.status !== 500) return null;
    const header = error.headers['retry-after'];
    const seconds = typeof header === 'string' && /^\d+$/.test(header.trim()) ? Number(header) : null;
    return { status: error.status, retryAfterMs: seconds === null ? null : seconds * 1000 };
  }
  const code = (error as { code?: unknown }).code;
  const name = (error as { name?: unknown }).name;
  if (typeof code === 'string' || name === 'TimeoutError') return { status: null, retryAfterMs: null };
  return null;
}

/**
 * A probe: `send` signs each attempt afresh (RFC 9421 over @method, @authority, @path and Content-Digest,
 * a new nonce each time, so a retry is never a replay) and keeps one idempotency key per item, so an item
 * whose answer was lost is stored once. 429 and 5xx answers and lost connections are retried with
 * exponential backoff and full jitter, waiting at least what `Retry-After` asks.
 */
export function createProbe(opts: ProbeOptions): Probe {
  const authorization = `Bearer ${opts.token}`;
  const client: Client = createClient({
    baseUrl: opts.baseUrl,
    // The transport's own retries would resend the same signature (a replay); this layer retries instead.
    retry: { retries: 0 },
    headers: { 'interlock-version': SDK_API_VERSION },
    secrets: async () => authorization,
  });
  const authority = new URL(opts.baseUrl).host;
  const path = `${new URL(opts.baseUrl).pathname.replace(/\/$/, '')}/v1/evidence`;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = opts.random ?? Math.random;
  const clock = opts.clock ?? (() => new Date());
  const maxAttempts = opts.maxAttempts ?? 20;
  const base = opts.baseDelayMs ?? 100;
  const cap = opts.maxDelayMs ?? 10_000;

  return {
    async send(evidence) {
      const body: EvidenceInput = { ...evidence, idempotencyKey: evidence.idempotencyKey ?? randomUUID() };
      const text = JSON.stringify(body);
      for (let attempt = 1; ; attempt++) {
        const headers: Record<string, string> = { 'content-digest': contentDigest(text) };
        const signature = signRequest({ method: 'POST', authority, path, headers }, { keyid: opts.keyId, key: opts.key, created: Math.floor(clock().getTime() / 1000), nonce: randomUUID() });
        try {
          return await client.sendEvidence({ headers: { 'Content-Digest': headers['content-digest'], 'Signature-Input': signature['signature-input'], Signature: signature.signature }, body });
        } catch (error) {
          const again = retryable(error);
          const status = error instanceof HttpError ? error.status : null;
          const problem = error instanceof HttpError ? error.body : (error as Error).message;
          if (!again) throw new ProbeSendError(status, problem, attempt, `evidence ${body.idempotencyKey} refused: ${status ?? ''} ${JSON.stringify(problem)}`);
          if (attempt >= maxAttempts) throw new ProbeSendError(status, problem, attempt, `evidence ${body.idempotencyKey} not stored after ${attempt} attempts`);
          const backoff = Math.floor(random() * Math.min(cap, base * 2 ** (attempt - 1)));
          await sleep(Math.max(backoff, again.retryAfterMs ?? 0));
        }
      }
    },
    close: () => client.close(),
  };
}
