/** The shapes the plan compares: resources as the workspace wants them and as the runtime holds them. */

import type { ResourceBody, ResourceRecord, StateSnapshot } from '../core/runtime-api.js';

export type { Labels } from '../core/runtime-api.js';

/** Label every resource created by a workspace carries; a workspace deletes only what carries its id. */
export const MANAGED_BY_LABEL = 'interlock.dev/managed-by';

export const DEFAULT_WORKSPACE_ID = 'default';

/** A resource as the workspace declares it. */
export type DesiredResource = ResourceBody;

/** A resource as the runtime holds it (`GET /v1/state`). */
export type ActualResource = ResourceRecord;

/** The runtime's state snapshot a plan is computed against. */
export type ActualState = StateSnapshot;

export function resourceKey(r: { kind: string; name: string }): string {
  return `${r.kind}/${r.name}`;
}
