import type { ActualState, Labels } from '../plan/resource.js';

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

export interface RuntimeChange {
  action: 'create' | 'update' | 'delete';
  kind: string;
  name: string;
  spec?: Record<string, unknown>;
  labels?: Labels;
  protect?: boolean;
}

export interface ApplyRequest {
  expectedRevision: number;
  leaseToken?: number;
  commit?: string;
  author?: string;
  changes: RuntimeChange[];
}

export interface ApplyResponse {
  revision: number;
  results: { kind: string; name: string; action: string; status: string }[];
}

export interface LeaseGrant {
  /** Fencing token: every acquisition gets a larger one. */
  token: number;
  holder: string;
  expiresAt: string;
}

/** An RFC 9457 problem document the runtime answered with. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  [extension: string]: unknown;
}

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
