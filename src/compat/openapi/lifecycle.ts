/** Sunset dates and stability levels (`x-sunset`, `x-stability-level`), judged against an injected "now". */

export type SunsetState = { kind: 'none' } | { kind: 'invalid'; raw: string } | { kind: 'date'; date: Date; raw: string };

export function parseSunset(raw: string | undefined): SunsetState {
  if (raw === undefined || raw === '') return { kind: 'none' };
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ][\d:.]+(?:[Zz]|[+-]\d{2}:\d{2})?)?$/.exec(raw.trim());
  if (!m) return { kind: 'invalid', raw };
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(m[3])) return { kind: 'invalid', raw };
  return { kind: 'date', date, raw };
}

/** True when the element may go: its sunset date is today or earlier. */
export function sunsetPassed(state: SunsetState, now: Date): boolean {
  return state.kind === 'date' && state.date.getTime() <= now.getTime();
}

/**
 * oasdiff's judgement of a sunset date moved earlier: breaking only when the new date leaves less than
 * the minimum deprecation period (oasdiff's default: 0 days), i.e. when the new date is already behind
 * `now`. A date moved earlier but still ahead keeps a (shorter) promise.
 */
export function sunsetMovedTooEarly(from: SunsetState, to: SunsetState, now: Date): boolean {
  if (from.kind !== 'date' || to.kind !== 'date' || to.date.getTime() >= from.date.getTime()) return false;
  return to.date.getTime() < Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
}

export const STABILITY_LEVELS = ['draft', 'alpha', 'beta', 'stable'] as const;

export function stabilityRank(level: string | undefined): number | undefined {
  if (level === undefined) return STABILITY_LEVELS.length - 1;
  const i = (STABILITY_LEVELS as readonly string[]).indexOf(level);
  return i === -1 ? undefined : i;
}

/** Draft and alpha operations promise nothing; their breaking changes are reported as info. */
export function isUnstable(level: string | undefined): boolean {
  return level === 'draft' || level === 'alpha';
}

export function formatDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}
