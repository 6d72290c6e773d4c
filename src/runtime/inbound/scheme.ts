/**
 * One inbound signature scheme: how a vendor signs its webhooks. Each verifies the raw request bytes,
 * before anything parses them, with timing-safe comparisons.
 */
export type SchemeName = 'standard-webhooks' | 'github' | 'stripe' | 'slack' | 'jira' | 'twilio';

export type Headers = Record<string, string | string[] | undefined>;

export interface VerifyInput {
  body: Buffer;
  headers: Headers;
  /** The resolved secret value; whitespace separates several (rotation). */
  secret: string;
  toleranceSeconds: number;
  now: Date;
  /** The public URL the request was sent to (Twilio signs it): `signature.url`, else rebuilt from the request. */
  url?: string;
}

/** Why a request was refused; `stale` and `tampered` are distinct so the audit log tells them apart. */
export type Rejection = 'missing-signature' | 'malformed-signature' | 'tampered' | 'stale';

export type Verdict =
  | {
      ok: true;
      /** The vendor's message id, for replay and duplicate detection. */
      messageId: string;
      /** The signed timestamp (seconds), when the scheme has one. */
      timestamp: number | null;
      /** The signature material as received: the same id with the same signature again is a replay. */
      fingerprint: string;
      /** The vendor's own delivery id when it is not signed (kept for the audit log, never for dedupe). */
      vendorId?: string;
    }
  | { ok: false; reason: Rejection; detail: string };

export interface InboundScheme {
  name: SchemeName;
  verify(input: VerifyInput): Verdict;
}

export function header(headers: Headers, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export function reject(reason: Rejection, detail: string): Verdict {
  return { ok: false, reason, detail };
}

/** A timestamp (seconds) outside `now ± tolerance` is stale. */
export function isStale(timestamp: number, now: Date, toleranceSeconds: number): boolean {
  return Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds;
}
