import type { Change } from '../change.js';
import { sortChanges } from '../change.js';
import { diffOpenApi, type OpenApiDiffOptions } from './diff-openapi.js';
import type { Spec } from '../../contract/openapi/spec.js';

/** What a Contract's `spec.compatibility` promises (`none` is never compared). */
export type CompatibilityMode = 'backward' | 'forward' | 'full';

/**
 * Diffs under a compatibility mode:
 * - `backward` (the default): clients written for the base keep working against the head;
 * - `forward`: clients written for the head keep working against the base (a rollback, or a server
 *   still on the old version) — the head is compared to the base, and what breaks that way breaks;
 * - `full`: both.
 * Forward changes keep their real base/head locations and say which direction found them
 * (`data.compatibility: 'forward'`; report/ says so).
 */
export function diffOpenApiInMode(base: Spec, head: Spec, mode: CompatibilityMode, options: OpenApiDiffOptions): Change[] {
  const backward = mode === 'forward' ? [] : diffOpenApi(base, head, options);
  if (mode === 'backward') return backward;
  const seen = new Set(backward.map(key));
  const forward: Change[] = [];
  for (const c of diffOpenApi(head, base, options)) {
    const change: Change = {
      ...c,
      data: { ...c.data, compatibility: 'forward' },
    };
    // Reversed diff: its "base" is our head and the other way round.
    delete change.base;
    delete change.head;
    if (c.head) change.base = c.head;
    if (c.base) change.head = c.base;
    if (seen.has(key(change))) continue;
    seen.add(key(change));
    forward.push(change);
  }
  return sortChanges([...backward, ...forward]);
}

function key(c: Change): string {
  return `${c.level}|${c.operation?.method ?? ''} ${c.operation?.path ?? ''}|${c.base?.pointer ?? ''}|${c.head?.pointer ?? ''}`;
}
