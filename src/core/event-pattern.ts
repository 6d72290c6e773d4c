/**
 * `events.subscribe` patterns: dot-separated segments, `*` matches exactly one segment, `**` any number
 * (including none). `incident.*` matches `incident.created` but not `incident.sla.breached`. Shared by the
 * runtime's delivery and `check`'s action rules.
 */
export function matchesPattern(pattern: string, type: string): boolean {
  return matchSegments(pattern.split('.'), 0, type.split('.'), 0);
}

function matchSegments(p: string[], i: number, t: string[], j: number): boolean {
  if (i === p.length) return j === t.length;
  if (p[i] === '**') {
    for (let k = j; k <= t.length; k++) if (matchSegments(p, i + 1, t, k)) return true;
    return false;
  }
  if (j === t.length) return false;
  return (p[i] === '*' || p[i] === t[j]) && matchSegments(p, i + 1, t, j + 1);
}

export function matchesAny(patterns: readonly string[] | undefined, type: string): boolean {
  return !!patterns?.some((p) => matchesPattern(p, type));
}
