/** What the adapter throws. Every error has a stable `name` callers can switch on. */
import type { IncomingHttpHeaders } from 'node:http';

/** A non-2xx response (after retries). */
export class HttpError extends Error {
  constructor(
    readonly operationId: string,
    readonly status: number,
    readonly body: unknown,
    readonly headers: IncomingHttpHeaders,
  ) {
    super(`${operationId}: HTTP ${status}`);
    this.name = 'HttpError';
  }
}

/** The request would leave over plain http (or another scheme) to an endpoint not marked for local testing. */
export class InsecureTransportError extends Error {
  constructor(readonly url: string) {
    super(`Refusing ${new URL(url).protocol}// to ${new URL(url).host}: only https is allowed unless the integration's endpoint sets localTesting: true`);
    this.name = 'InsecureTransportError';
  }
}

export class SecretResolutionError extends Error {
  constructor(readonly ref: string, reason: string) {
    super(`Cannot resolve secret reference '${ref}': ${reason}`);
    this.name = 'SecretResolutionError';
  }
}

export class ResponseValidationError extends Error {
  constructor(
    readonly operationId: string,
    readonly errors: unknown[],
  ) {
    super(`${operationId}: the response does not match the contract (${errors.length} problem${errors.length === 1 ? '' : 's'}${describeFirst(errors)})`);
    this.name = 'ResponseValidationError';
  }
}

function describeFirst(errors: unknown[]): string {
  const first = errors[0] as { instancePath?: unknown; message?: unknown } | undefined;
  return first && typeof first.message === 'string' ? `; first: ${String(first.instancePath ?? '') || '/'} ${first.message}` : '';
}

export class TimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`No response within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/** A GraphQL response that carried `errors`. */
export class GraphqlResponseError extends Error {
  constructor(
    readonly operationName: string,
    readonly errors: unknown[],
    readonly data: unknown,
  ) {
    super(`${operationName}: ${errors.length} GraphQL error${errors.length === 1 ? '' : 's'}`);
    this.name = 'GraphqlResponseError';
  }
}
