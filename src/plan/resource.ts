/** The shapes the plan compares: resources as the workspace wants them and as the runtime holds them. */

export type { Labels } from '../core/runtime-api.js';
import type { Labels } from '../core/runtime-api.js';

/** Label every resource created by a workspace carries; a workspace deletes only what carries its id. */
export const MANAGED_BY_LABEL = 'interlock.dev/managed-by';

export const DEFAULT_WORKSPACE_ID = 'default';

/** A resource as the workspace declares it. */
export interface DesiredResource {
  kind: string;
  name: string;
  spec: Record<string, unknown>;
  labels: Labels;
  /** sha256 (hex) of the canonical JSON of `spec`. */
  hash: string;
  protect: boolean;
}

/** A resource as the runtime holds it (`GET /v1/state`). */
export interface ActualResource extends DesiredResource {
  revision: number;
  updatedAt: string;
  commit?: string;
}

/** The runtime's state snapshot a plan is computed against. */
export interface ActualState {
  revision: number;
  commit: string | null;
  appliedAt: string | null;
  resources: ActualResource[];
}

export function resourceKey(r: { kind: string; name: string }): string {
  return `${r.kind}/${r.name}`;
}
