import { KINDS } from '../core/kinds.js';
import type { WorkspaceModel } from './model.js';

import type { CheckedCounts } from '../core/checked.js';

export type { CheckedCounts };

/** Resources per kind and API descriptions of a validated workspace. */
export function checkedCounts(model: WorkspaceModel): CheckedCounts {
  const kinds: Record<string, number> = {};
  for (const kind of KINDS) {
    const n = model.resources.filter((r) => r.kind === kind).length;
    if (n) kinds[kind] = n;
  }
  return { kinds, apis: model.apis.size };
}
