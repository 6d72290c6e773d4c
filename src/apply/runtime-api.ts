import type { ApplyRequest, Lease, ProblemDocument, ResourceChange } from '../core/runtime-api.js';
import type { ActualState } from '../plan/resource.js';

export type { ApplyRequest, ProblemDocument };
/** One change of an apply batch. */
export type RuntimeChange = ResourceChange;

/**
 * What apply, drift and reconcile need of the runtime's admin API v1. The HTTP client satisfies it, and
 * so does the in-memory fake the unit tests and benchmarks use.
 */
export interface RuntimeApi {
  getState(): Promise<ActualState>;
  apply(request: ApplyRequest): Promise<ApplyResponse>;
  acquireLease(holder: string, ttlSeconds: number): Promise<LeaseGrant>;
  renewLease(token: number, ttlSeconds: number): Promise<LeaseGrant>;
  releaseLease(token: number): Promise<void>;
}

export interface ApplyResponse {
  revision: number;
  results: { kind: string; name: string; action: string; status: string }[];
}

/** A granted lease (fencing token, holder, expiry). */
export type LeaseGrant = Lease;

/** A non-2xx answer of the runtime, carrying its problem document. */
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
    return this.problem.type.slice(this.problem.type.lastIndexOf('/') + 1);
  }
}

/**
 * The problem document an error of any RuntimeApi implementation carries (the runtime's own client
 * throws its own error classes, so this is duck-typed), if it carries one.
 */
export function problemOf(error: unknown): ProblemDocument | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const problem = (error as { problem?: unknown }).problem;
  if (problem === null || typeof problem !== 'object' || typeof (problem as { type?: unknown }).type !== 'string') return undefined;
  return problem as ProblemDocument;
}

/** The last segment of the problem type URI of an error, e.g. `stale-revision`. */
export function problemSlug(error: unknown): string | undefined {
  const type = problemOf(error)?.type;
  return type === undefined ? undefined : type.slice(type.lastIndexOf('/') + 1);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
