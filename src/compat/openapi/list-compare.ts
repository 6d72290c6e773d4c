/**
 * The one list comparison every area uses: items of base and head matched by key, split into
 * added (only in head), removed (only in base) and mutual (in both).
 */
export interface ListComparison<B, H = B> {
  added: H[];
  removed: B[];
  mutual: [B, H][];
}

export function compareLists<B, H = B>(base: Iterable<B>, head: Iterable<H>, keyOfBase: (b: B) => string, keyOfHead: (h: H) => string): ListComparison<B, H> {
  const heads = new Map<string, H>();
  for (const h of head) heads.set(keyOfHead(h), h);
  const removed: B[] = [];
  const mutual: [B, H][] = [];
  const seen = new Set<string>();
  for (const b of base) {
    const k = keyOfBase(b);
    const h = heads.get(k);
    if (h === undefined) removed.push(b);
    else {
      mutual.push([b, h]);
      seen.add(k);
    }
  }
  const added: H[] = [];
  for (const [k, h] of heads) if (!seen.has(k)) added.push(h);
  return { added, removed, mutual };
}

export function compareMaps<B, H>(base: Map<string, B>, head: Map<string, H>): ListComparison<[string, B], [string, H]> {
  return compareLists(base, head, ([k]) => k, ([k]) => k);
}
