/**
 * The runtime's vocabulary: applied resources, the state snapshot, apply batches, history, leases and the
 * audit log. These are the shapes of the admin API (contracts/interlock/runtime-admin.openapi.yaml).
 */

export type {
  ApplyRequest,
  ApplyResult,
  AuditEntry,
  AuditInput,
  AuditPage,
  ChangeAction,
  HistoryAction,
  HistoryEntry,
  Labels,
  Lease,
  PutResourceInput,
  ResourceChange,
  ResourceRecord,
  StateSnapshot,
} from '../core/runtime-api.js';
export { RUNTIME_KINDS, isRuntimeKind, type RuntimeKind } from '../core/kinds.js';

/** Who is calling: the role of the bearer token (or `anonymous`) and the token's id. */
export interface Actor {
  role: string;
  tokenId: string | null;
  /** The token's tenant; null: a platform operator token (or no token at all). */
  tenant: string | null;
  /** A scoped token's scopes (absent or null: the role alone decides). */
  scopes?: readonly string[] | null;
}

export function actorName(actor: Actor): string {
  return actor.tokenId ? `${actor.role}:${actor.tokenId}` : actor.role;
}
