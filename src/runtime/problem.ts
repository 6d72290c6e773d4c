import type { ProblemDocument } from '../core/runtime-api.js';
/**
 * RFC 9457 problem documents. Store and route code throw a `RuntimeProblem` for anything the caller did
 * (stale revision, conflicting change, bad body); the server turns it into `application/problem+json`.
 * Anything else that throws is a bug and becomes a 500 without details.
 */

export const PROBLEM_BASE = 'https://interlock.dev/problems/';

/** Every problem type the admin API emits; the slug is the last segment of the `type` URI. */
export const PROBLEM_TYPES = {
  'malformed-request': { status: 400, title: 'The request target is malformed' },
  'malformed-json': { status: 400, title: 'Request body is not valid JSON' },
  'invalid-request': { status: 400, title: 'Request does not match the schema' },
  'body-too-large': { status: 400, title: 'Request body is too large' },
  'unsupported-version': { status: 400, title: 'The requested API version is not served' },
  'unsupported-media-type': { status: 415, title: 'Request body must be application/json' },
  unauthorized: { status: 401, title: 'A valid bearer token is required' },
  forbidden: { status: 403, title: 'The token’s role may not do this' },
  'insufficient-scope': { status: 403, title: 'The token’s scopes do not cover this operation' },
  'not-found': { status: 404, title: 'Not found' },
  'residency-refused': { status: 403, title: 'The tenant’s data may not leave its region' },
  'residency-mismatch': { status: 421, title: 'The tenant is served only by a runtime in its region' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'stale-revision': { status: 409, title: 'The state changed since the expected revision' },
  'change-conflict': { status: 409, title: 'A change conflicts with the current state' },
  'lease-held': { status: 409, title: 'The lease is held by another holder' },
  'lease-fenced': { status: 409, title: 'The lease token is not the current one' },
  'token-inactive': { status: 409, title: 'The token is revoked or expired' },
  'signature-invalid': { status: 401, title: 'The request signature is missing or does not verify' },
  'signature-replayed': { status: 401, title: 'The request signature was used before' },
  'too-many-requests': { status: 429, title: 'Too many failed authentication attempts' },
  'rate-limited': { status: 429, title: 'The token is over its rate limit or quota' },
  backpressure: { status: 503, title: 'The event backlog is past its bound; retry later' },
  'not-ready': { status: 503, title: 'The runtime is not ready' },
  'audit-unavailable': { status: 503, title: 'The audit log cannot be appended to' },
  internal: { status: 500, title: 'Internal error' },
} as const;

export type ProblemSlug = keyof typeof PROBLEM_TYPES;

export type { ProblemDocument } from '../core/runtime-api.js';

export class RuntimeProblem extends Error {
  readonly status: number;
  constructor(
    readonly slug: ProblemSlug,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
    /** Response fields that go with the problem (`Retry-After`). */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? PROBLEM_TYPES[slug].title);
    this.name = 'RuntimeProblem';
    this.status = PROBLEM_TYPES[slug].status;
  }

  toDocument(instance?: string): ProblemDocument {
    const { status, title } = PROBLEM_TYPES[this.slug];
    return {
      ...this.extensions,
      type: PROBLEM_BASE + this.slug,
      title,
      status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
    };
  }
}

export type ConflictReason = 'exists' | 'missing' | 'protected' | 'duplicate';

export interface ChangeConflict {
  kind: string;
  name: string;
  action: string;
  reason: ConflictReason;
}
