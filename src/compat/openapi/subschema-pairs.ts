import { isObj, locKey, type Node, type Spec } from '../../contract/openapi/spec.js';

/**
 * Which allOf/anyOf/oneOf alternatives of a base schema and a head schema are "the same one", following
 * oasdiff's subschema diff (its diff/subschemas_diff.go documents the passes):
 *  1. `$ref` alternatives pair by their reference;
 *  2. inline alternatives pair when identical, then by equal (non-empty) title, and when exactly one
 *     untitled inline alternative is left on each side, those two pair (one alternative was edited);
 *  3. for anyOf and oneOf, a left-over inline alternative and a left-over `$ref` alternative that accept
 *     the same values (annotations aside) are one alternative moved to a component: no change at all.
 * Whatever is left is added or removed.
 */
export interface AlternativePairs {
  /** [base index, head index] of alternatives to compare with each other. */
  mutual: [number, number][];
  added: number[];
  removed: number[];
}

export interface Alternatives {
  spec: Spec;
  /** The alternatives as written (`$ref`s not followed). */
  values: readonly unknown[];
  /** The node of alternative `i`, built only when its schema must be followed. */
  node(i: number): Node;
}

/** Keywords that only describe a schema: oasdiff ignores them when it judges two schemas equivalent. */
const ANNOTATION_ONLY = new Set(['title', 'description', 'default', 'example', 'examples', 'externalDocs', '$comment']);

function refOf(v: unknown): string | undefined {
  return isObj(v) && typeof v.$ref === 'string' ? v.$ref : undefined;
}

function titleOf(v: unknown): string {
  return isObj(v) && typeof v.title === 'string' ? v.title : '';
}

export function pairAlternatives(keyword: string, base: Alternatives, head: Alternatives): AlternativePairs {
  const bv = base.values;
  const hv = head.values;
  const usedB = new Set<number>();
  const usedH = new Set<number>();
  const mutual: [number, number][] = [];
  const pair = (i: number, j: number) => {
    mutual.push([i, j]);
    usedB.add(i);
    usedH.add(j);
  };
  const firstFree = (test: (j: number) => boolean) => hv.findIndex((_, j) => !usedH.has(j) && test(j));

  bv.forEach((v, i) => {
    const ref = refOf(v);
    if (ref === undefined) return;
    const j = firstFree((k) => refOf(hv[k]) === ref);
    if (j !== -1) pair(i, j);
  });

  const bInline = bv.map((v) => refOf(v) === undefined);
  const hInline = hv.map((v) => refOf(v) === undefined);
  bv.forEach((v, i) => {
    if (!bInline[i]) return;
    const j = firstFree((k) => hInline[k] && sameJson(v, hv[k]));
    if (j !== -1) pair(i, j);
  });

  const inlineLeft = (inline: boolean[], used: Set<number>) => inline.flatMap((yes, i) => (yes && !used.has(i) ? [i] : []));
  const titles = new Set<string>();
  for (const j of inlineLeft(hInline, usedH)) {
    const title = titleOf(hv[j]);
    if (!title || titles.has(title)) continue;
    const i = inlineLeft(bInline, usedB).find((k) => titleOf(bv[k]) === title);
    if (i === undefined) continue;
    titles.add(title);
    pair(i, j);
  }

  const bLeft = inlineLeft(bInline, usedB);
  const hLeft = inlineLeft(hInline, usedH);
  if (bLeft.length === 1 && hLeft.length === 1 && !titleOf(bv[bLeft[0]]) && !titleOf(hv[hLeft[0]])) pair(bLeft[0], hLeft[0]);

  const removed = bv.flatMap((_, i) => (usedB.has(i) ? [] : [i]));
  let added = hv.flatMap((_, j) => (usedH.has(j) ? [] : [j]));
  if (keyword === 'allOf') return { mutual, added, removed };
  const keptRemoved: number[] = [];
  for (const i of removed) {
    const j = added.find((k) => (refOf(bv[i]) === undefined) !== (refOf(hv[k]) === undefined) && equivalent(base.spec, base.node(i), head.spec, head.node(k), new Set()));
    if (j === undefined) keptRemoved.push(i);
    else added = added.filter((k) => k !== j);
  }
  return { mutual, added, removed: keptRemoved };
}

/** Values equal as written (key order aside); stops at the first difference. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (!isObj(a) || !isObj(b) || Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameJson(a[k], b[k]));
}

/** Schema keywords whose value is a map from names (which may be `title`…) to schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions']);
/** Schema keywords whose value is data, compared as written. */
const DATA_KEYWORDS = new Set(['enum', 'const']);

/** Whether two schemas accept the same values: equal once `$ref`s are followed, annotations aside. */
function equivalent(bs: Spec, bn: Node, hs: Spec, hn: Node, seen: Set<string>, schemaMap = false): boolean {
  const b = bs.deref(bn);
  const h = hs.deref(hn);
  const key = `${locKey(b.loc)}|${locKey(h.loc)}`;
  // A pair already being compared further up (a recursive schema) is assumed equal; any difference
  // shows elsewhere in the walk.
  if (seen.has(key)) return true;
  seen.add(key);
  if (Array.isArray(b.value) && Array.isArray(h.value)) {
    return b.value.length === h.value.length && b.value.every((_, i) => equivalent(bs, bs.child(b, i), hs, hs.child(h, i), seen));
  }
  if (isObj(b.value) && isObj(h.value)) {
    const bo = b.value;
    const ho = h.value;
    const keys = new Set([...Object.keys(bo), ...Object.keys(ho)].filter((k) => schemaMap || !ANNOTATION_ONLY.has(k)));
    for (const k of keys) {
      if (!schemaMap && DATA_KEYWORDS.has(k)) {
        if (!sameJson(bo[k], ho[k])) return false;
      } else if (!equivalent(bs, bs.child(b, k), hs, hs.child(h, k), seen, !schemaMap && SCHEMA_MAPS.has(k))) return false;
    }
    return true;
  }
  return b.value === h.value;
}
