/**
 * The wire vocabulary of the runtime's admin API v1 (contracts/interlock/runtime-admin.openapi.yaml),
 * shared by the side that calls it (apply, drift, reconcile) and the side that serves it (runtime).
 */

export type Labels = Record<string, string>;

export type ChangeAction = 'create' | 'update' | 'delete';

/** One change of an apply batch. */
export interface ResourceChange {
  action: ChangeAction;
  kind: string;
  name: string;
  spec?: Record<string, unknown>;
  labels?: Labels;
  protect?: boolean;
}

/** `POST /v1/apply`: all changes or none, against the expected revision, under the lease's fencing token. */
export interface ApplyRequest {
  expectedRevision: number;
  leaseToken?: number;
  commit?: string;
  author?: string;
  changes: ResourceChange[];
}

/** A granted lease. */
export interface Lease {
  /** Monotonic fencing token: every acquisition gets a larger one. */
  token: number;
  holder: string;
  expiresAt: string;
}

/** A resource's identity and content: what the workspace declares and what the runtime holds alike. */
export interface ResourceBody {
  kind: string;
  name: string;
  spec: Record<string, unknown>;
  labels: Labels;
  /** sha256 (hex) of the canonical JSON of `spec`. */
  hash: string;
  /** A protected resource cannot be deleted until it is released. */
  protect: boolean;
}

/** One applied resource as the runtime holds it. */
export interface ResourceRecord extends ResourceBody {
  /** The state revision of its last change. */
  revision: number;
  updatedAt: string;
  commit?: string;
}

/** `GET /v1/state`: the runtime's applied state, the snapshot a plan is computed against. */
export interface StateSnapshot {
  revision: number;
  /** The commit of the last apply that named one. */
  commit: string | null;
  appliedAt: string | null;
  resources: ResourceRecord[];
}

/** `POST /v1/apply` answer. */
export interface ApplyResult {
  revision: number;
  results: { kind: string; name: string; action: ChangeAction; status: 'applied' }[];
}

/** An out-of-band edit (admin `PUT`): replaces or creates the resource. */
export interface PutResourceInput {
  spec: Record<string, unknown>;
  labels?: Labels;
  protect?: boolean;
}

/** `create`/`update`/`delete` come from an apply; `edit` is an out-of-band PUT; `release` clears protection. */
export type HistoryAction = ChangeAction | 'edit' | 'release';

export interface HistoryEntry {
  revision: number;
  action: HistoryAction;
  commit: string | null;
  actor: string;
  at: string;
  /** The spec hash after the change (null after a delete). */
  hash: string | null;
}

/** What a caller asks to append to the audit log; seq, time and hashes are assigned by the log. */
export interface AuditInput {
  actor: string;
  action: string;
  target: string | null;
  data: Record<string, unknown>;
}

export interface AuditEntry extends AuditInput {
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `after` to read the next page; null at the end. */
  next: number | null;
}

/** An RFC 9457 problem document. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

/** The last segment of a problem type URI, e.g. `stale-revision`. */
export function problemTypeSlug(type: string): string {
  return type.slice(type.lastIndexOf('/') + 1);
}

/**
 * The problem document an error carries, if it carries one. Structural, so that code calling the admin
 * API through a port (apply, drift, reconcile) need not know which client or fake threw.
 */
export function problemOf(error: unknown): ProblemDocument | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const problem = (error as { problem?: unknown }).problem;
  if (problem === null || typeof problem !== 'object' || typeof (problem as { type?: unknown }).type !== 'string') return undefined;
  return problem as ProblemDocument;
}

/** The slug of the problem an error carries, e.g. `stale-revision`. */
export function problemSlug(error: unknown): string | undefined {
  const problem = problemOf(error);
  return problem === undefined ? undefined : problemTypeSlug(problem.type);
}
