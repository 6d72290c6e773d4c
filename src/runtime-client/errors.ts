import { problemTypeSlug, type ProblemDocument } from '../core/runtime-api.js';

/** A non-2xx answer of the runtime, carrying its RFC 9457 problem document. */
export class RuntimeApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemDocument,
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'RuntimeApiError';
  }

  /** The last segment of the problem type URI, e.g. `stale-revision`. */
  get slug(): string {
    return problemTypeSlug(this.problem.type);
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

/** The runtime did not answer at all (refused, reset, timed out). */
export class RuntimeUnreachableError extends Error {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`cannot reach the runtime at ${url}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'RuntimeUnreachableError';
  }
}

/** The error class for a status, so callers can catch conflicts or auth failures by type. */
export function runtimeApiError(status: number, problem: ProblemDocument): RuntimeApiError {
  if (status === 409) return new RuntimeConflictError(status, problem);
  if (status === 401 || status === 403) return new RuntimeAuthError(status, problem);
  if (status === 404) return new RuntimeNotFoundError(status, problem);
  if (status === 400) return new RuntimeBadRequestError(status, problem);
  return new RuntimeApiError(status, problem);
}
