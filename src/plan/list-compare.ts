/** The one list comparison every differ uses: what only the desired side has, only the actual side, and both. */
export interface ListComparison<D, A> {
  added: D[];
  removed: A[];
  mutual: { desired: D; actual: A }[];
}

export function compareLists<D, A>(desired: readonly D[], actual: readonly A[], keyOfDesired: (d: D) => string, keyOfActual: (a: A) => string): ListComparison<D, A> {
  const actualByKey = new Map<string, A>();
  for (const a of actual) actualByKey.set(keyOfActual(a), a);
  const added: D[] = [];
  const mutual: { desired: D; actual: A }[] = [];
  const seen = new Set<string>();
  for (const d of desired) {
    const key = keyOfDesired(d);
    seen.add(key);
    const a = actualByKey.get(key);
    if (a === undefined) added.push(d);
    else mutual.push({ desired: d, actual: a });
  }
  const removed = actual.filter((a) => !seen.has(keyOfActual(a)));
  return { added, removed, mutual };
}
