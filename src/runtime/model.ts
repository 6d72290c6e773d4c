/**
 * The runtime's vocabulary: applied resources, the state snapshot, apply batches, history, leases and the
 * audit log. These are the shapes of the admin API (contracts/interlock/runtime-admin.openapi.yaml).
 */

import type { ChangeAction, Labels } from '../core/runtime-api.js';

export type { ApplyRequest, ChangeAction, Labels, Lease, ResourceChange } from '../core/runtime-api.js';

/** Resource kinds the runtime holds. */
export const RUNTIME_KINDS = [
  'Vendor',
  'Integration',
  'Contract',
  'DataContract',
  'RiskPolicy',
  'RetentionPolicy',
  'ResidencyPolicy',
  'TransportPolicy',
  'CompatPolicy',
] as const;

export type RuntimeKind = (typeof RUNTIME_KINDS)[number];

export function isRuntimeKind(value: unknown): value is RuntimeKind {
  return typeof value === 'string' && (RUNTIME_KINDS as readonly string[]).includes(value);
}


/** One applied resource as the runtime holds it. */
export interface ResourceRecord {
  kind: string;
  name: string;
  spec: Record<string, unknown>;
  labels: Labels;
  /** sha256 (hex) of the canonical JSON of `spec`. */
  hash: string;
  /** A protected resource cannot be deleted until it is released. */
  protect: boolean;
  /** The state revision of its last change. */
  revision: number;
  updatedAt: string;
  commit?: string;
}

export interface StateSnapshot {
  revision: number;
  /** The commit of the last apply that named one. */
  commit: string | null;
  appliedAt: string | null;
  resources: ResourceRecord[];
}

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

/** What a caller asks to append; seq, time and hashes are assigned by the log. */
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

/** Who is calling: the role of the bearer token (or `anonymous`) and the token's id. */
export interface Actor {
  role: string;
  tokenId: string | null;
}

export function actorName(actor: Actor): string {
  return actor.tokenId ? `${actor.role}:${actor.tokenId}` : actor.role;
}
