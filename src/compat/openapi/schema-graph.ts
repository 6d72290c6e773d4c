import { compareLists } from './list-compare.js';
import { pairAlternatives } from './subschema-pairs.js';
import {
  ANNOTATIONS,
  CONSTRAINT_KEYWORDS,
  enumValues,
  isNullable,
  LOWER_BOUNDS,
  numberOrUndefined,
  sameValue,
  typeSet,
  UPPER_BOUNDS,
  valueKey,
} from './schema-keywords.js';
import type { FindingKind } from './rules/finding-kind.js';
import { isObj, locKey, type Loc, type Node, type Obj, type Spec } from '../../contract/openapi/spec.js';

/**
 * A direction-free fact about one schema pair; schema-changes.ts turns it into a rule id according
 * to where the schema is used (request or response, parameter, body or header).
 */
/** Keywords of an items schema that do not restrict values (besides its type). */
const ITEM_ANNOTATIONS = new Set(['type', 'format', 'title', 'description', 'example', 'examples', 'nullable', 'deprecated']);

export interface SchemaFinding {
  kind: FindingKind;
  base?: Loc;
  head?: Loc;
  data: Record<string, unknown>;
}

export interface Edge {
  /** Path segment shown to users: a property name, `items`, `allOf[1]`… */
  segment: string;
  /** allOf/anyOf/oneOf entries: the child is the same instance, not a property of it. */
  transparent: boolean;
  readOnly: boolean;
  writeOnly: boolean;
  child: PairNode;
}

/** One compared (base schema, head schema) pair: its own findings and the pairs below it. */
export interface PairNode {
  base: Node;
  head: Node;
  findings: SchemaFinding[];
  edges: Edge[];
  parents: PairNode[];
  expanded: boolean;
  /** Some finding is reachable from here (computed by `markDirty`). */
  dirty: boolean;
  /** The last walk over the graph that reached this pair (walks number themselves: no visited set per walk). */
  visit: number;
}

/**
 * Compares schemas lazily through `$ref`s. Each (base place, head place) pair is compared once and
 * memoized, so a circular 4 MB spec costs one visit per distinct pair; cycles are just edges back to
 * a pair already in the graph. Work is iterative (a queue), never recursive, so nesting depth cannot
 * overflow the stack.
 */
export class SchemaGraph {
  private readonly pairs = new Map<object | string, Map<object | string, PairNode>>();
  private readonly all: PairNode[] = [];
  private readonly pending: PairNode[] = [];

  constructor(
    readonly base: Spec,
    readonly head: Spec,
  ) {}

  get size(): number {
    return this.all.length;
  }

  pair(baseRef: Node, headRef: Node): PairNode {
    const base = this.base.deref(baseRef);
    const head = this.head.deref(headRef);
    // Memoized by the identity of the two schema objects (one per place in the parsed trees); values
    // that are not objects have nothing to compare and are keyed by place.
    const bk: object | string = isObj(base.value) ? base.value : locKey(base.loc);
    const hk: object | string = isObj(head.value) ? head.value : locKey(head.loc);
    let byHead = this.pairs.get(bk);
    if (!byHead) this.pairs.set(bk, (byHead = new Map()));
    let node = byHead.get(hk);
    if (!node) {
      node = { base, head, findings: [], edges: [], parents: [], expanded: false, dirty: false, visit: 0 };
      byHead.set(hk, node);
      this.all.push(node);
      this.pending.push(node);
    }
    return node;
  }

  /** Compares every pair reachable from those created so far. */
  expand(): void {
    while (this.pending.length) {
      const node = this.pending.pop()!;
      if (node.expanded) continue;
      node.expanded = true;
      this.compare(node);
    }
  }

  /** Marks every pair from which a finding is reachable; the rest is skipped when reporting. */
  markDirty(): void {
    const queue: PairNode[] = [];
    for (const node of this.all) {
      if (node.findings.length && !node.dirty) {
        node.dirty = true;
        queue.push(node);
      }
    }
    while (queue.length) {
      const node = queue.pop()!;
      for (const p of node.parents) {
        if (!p.dirty) {
          p.dirty = true;
          queue.push(p);
        }
      }
    }
  }

  private edge(parent: PairNode, segment: string, transparent: boolean, b: Node, h: Node): void {
    const child = this.pair(b, h);
    const bv = child.base.value;
    const hv = child.head.value;
    const both = isObj(bv) && isObj(hv);
    parent.edges.push({ segment, transparent, readOnly: both && bv.readOnly === true && hv.readOnly === true, writeOnly: both && bv.writeOnly === true && hv.writeOnly === true, child });
    child.parents.push(parent);
  }

  private compare(node: PairNode): void {
    const b = node.base.value;
    const h = node.head.value;
    if (!isObj(b) || !isObj(h)) return;
    const out = node.findings;
    const bl = node.base.loc;
    const hl = node.head.loc;
    const at = (bk: string, hk: string = bk) => ({ base: sub(bl, bk, b), head: sub(hl, hk, h) });
    // Which of the rarer keywords either side has: most schemas have two or three keys, and asking each
    // of some sixty keywords of every pair cost more than everything else compare does.
    const has = keywordBits(b) | keywordBits(h);

    // Wrapped in oneOf: the old schema is now one alternative. Compare it with that alternative only.
    if (has & BIT.oneOf && !Array.isArray(b.oneOf) && Array.isArray(h.oneOf) && this.wrappedInOneOf(node, b, h, at)) return;

    // Types and nullability.
    // The same `type` string (or none on both sides) is the same type set: skip building the sets.
    const sameType = b.type === h.type && (b.type === undefined || typeof b.type === 'string');
    const bt = sameType ? undefined : typeSet(b);
    const ht = sameType ? undefined : typeSet(h);
    if (bt && ht && valueKey(bt) !== valueKey(ht)) {
      // For a scalar that became an array: what its items accept (query parameters may send one item).
      const items = ht.includes('array') && !bt.includes('array') ? this.head.deref(this.head.child(node.head, 'items')).value : undefined;
      out.push({ kind: 'type-changed', ...at('type'), data: { from: bt, to: ht, fromFormat: b.format, toFormat: h.format, ...(isObj(items) ? { items: { types: typeSet(items), constrained: Object.keys(items).some((k) => !ITEM_ANNOTATIONS.has(k)) } } : {}) } });
    } else if (b.format !== h.format && (b.format !== undefined || h.format !== undefined)) {
      out.push({ kind: 'format-changed', ...at('format'), data: { from: b.format, to: h.format, type: ht ?? typeSet(h) } });
    }
    const bn = isNullable(b);
    const hn = isNullable(h);
    if (bn !== hn) out.push({ kind: hn ? 'became-nullable' : 'became-not-nullable', ...at(nullKey(b), nullKey(h)), data: {} });

    if (has & VALUE_BITS) compareValues(out, b, h, has, at);
    if (b.default !== h.default && !sameValue(b.default, h.default)) out.push({ kind: 'default-changed', ...at('default'), data: { from: b.default, to: h.default } });
    if (has & BIT.bound) {
      for (let i = 0; i < BOUNDS.length; i++) {
        if (!(has & boundBit(i))) continue;
        const { keyword, stem, side } = BOUNDS[i];
        bound(out, b, h, keyword, stem, side, at);
      }
    }
    if (has & (BIT.pattern | BIT.content)) compareStrings(out, b, h, at);

    // Lifecycle of the schema itself (used for properties).
    if (b.deprecated !== true && h.deprecated === true) out.push({ kind: 'deprecated', ...at('deprecated'), data: { sunset: h['x-sunset'] } });
    if (b.deprecated === true && h.deprecated !== true) out.push({ kind: 'reactivated', ...at('deprecated'), data: {} });
    if (b['x-stability-level'] !== h['x-stability-level']) out.push({ kind: 'property-stability-changed', ...at('x-stability-level'), data: { from: b['x-stability-level'], to: h['x-stability-level'] } });

    if (has & STRUCTURE_BITS) this.compareStructure(node, b, h, has, at);
    if (has & BIT.xof) this.compareComposition(node, b, h);

    // Properties (most schemas are leaves without any: skip building the lists and sets).
    if (isObj(b.properties) || isObj(h.properties)) this.compareProperties(node, b, h);

    if (isObj(b.items) && isObj(h.items)) this.edge(node, 'items', false, this.base.derefChild(node.base, 'items'), this.head.derefChild(node.head, 'items'));
    if (isObj(b.additionalProperties) && isObj(h.additionalProperties)) {
      this.edge(node, 'additionalProperties', false, this.base.derefChild(node.base, 'additionalProperties'), this.head.derefChild(node.head, 'additionalProperties'));
    } else if (b.additionalProperties !== false && h.additionalProperties === false && isObj(b.properties)) {
      out.push({ kind: 'additional-properties-closed', ...at('additionalProperties'), data: {} });
    }
  }

  /** A schema that became one alternative of a head `oneOf`: true when it was compared as such (nothing else is). */
  private wrappedInOneOf(node: PairNode, b: Obj, h: Obj, at: At): boolean {
    const out = node.findings;
    const alts = h.oneOf as unknown[];
    const nonNull = alts.filter((x) => !(isObj(x) && x.type === 'null'));
    let i = alts.findIndex((_, j) => this.sameSchema(node.base, this.head.child(node.head, 'oneOf', j)));
    if (i === -1 && h.type === undefined && typeof b.type === 'string' && !refName(node.base.value)) {
      // An inline schema split into inline alternatives of the same type.
      i = alts.findIndex((x) => isObj(x) && !refName(x) && x.type === b.type);
    }
    if (nonNull.length === 1 && alts.length === 2) {
      // `oneOf: [X, {type: null}]` is how 3.1 writes "nullable X": compare X and report nullability.
      const j = alts.indexOf(nonNull[0]);
      out.push({ kind: 'became-nullable', ...at('type', 'oneOf'), data: {} });
      this.edge(node, `oneOf[${j}]`, true, node.base, this.head.child(node.head, 'oneOf', j));
      return true;
    }
    if (i !== -1) {
      out.push({ kind: 'wrapped-in-one-of', ...at('type', 'oneOf'), data: {} });
      this.edge(node, `oneOf[${i}]`, true, node.base, this.head.child(node.head, 'oneOf', i));
      return true;
    }
    return false;
  }

  /** Constraint keywords present or absent, pattern and dependent maps, `dependentRequired`, the discriminator. */
  private compareStructure(node: PairNode, b: Obj, h: Obj, has: number, at: At): void {
    const out = node.findings;
    const bl = node.base.loc;
    const hl = node.head.loc;
    if (has & BIT.constraint) {
      for (const { keyword, stem, restricts } of CONSTRAINT_KEYWORDS) {
        if (b[keyword] === undefined && h[keyword] === undefined) continue;
        const inB = b[keyword] !== undefined;
        const inH = h[keyword] !== undefined;
        if (inB !== inH) out.push({ kind: `keyword-${inH ? 'added' : 'removed'}`, ...at(keyword), data: { keyword, stem, restricts } });
        else if (inB && keyword !== 'prefixItems' && isObj(b[keyword]) && isObj(h[keyword])) {
          this.edge(node, keyword, true, this.base.derefChild(node.base, keyword), this.head.derefChild(node.head, keyword));
        }
      }
    }
    if (has & BIT.map) {
      for (const [keyword, stem] of MAP_KEYWORDS) {
        if (b[keyword] === undefined && h[keyword] === undefined) continue;
        const bp = isObj(b[keyword]) ? Object.keys(b[keyword] as Obj) : [];
        const hp = isObj(h[keyword]) ? Object.keys(h[keyword] as Obj) : [];
        const r = compareLists(bp, hp, String, String);
        for (const k of r.added) out.push({ kind: 'map-entry-added', base: sub(bl, keyword, b), head: sub(hl, keyword, h, k), data: { keyword, stem, name: k } });
        for (const k of r.removed) out.push({ kind: 'map-entry-removed', base: sub(bl, keyword, b, k), head: sub(hl, keyword, h), data: { keyword, stem, name: k } });
      }
    }
    if (has & BIT.dependentRequired && (b.dependentRequired !== undefined || h.dependentRequired !== undefined)) {
      const bd = isObj(b.dependentRequired) ? (b.dependentRequired as Obj) : {};
      const hd = isObj(h.dependentRequired) ? (h.dependentRequired as Obj) : {};
      const r = compareLists(Object.keys(bd), Object.keys(hd), String, String);
      for (const k of r.added) out.push({ kind: 'dependent-required-added', ...at('dependentRequired'), data: { name: k } });
      for (const k of r.removed) out.push({ kind: 'dependent-required-removed', ...at('dependentRequired'), data: { name: k } });
      for (const [k] of r.mutual) if (!sameValue(bd[k], hd[k])) out.push({ kind: 'dependent-required-changed', ...at('dependentRequired'), data: { name: k } });
    }

    // Discriminator.
    if (!(has & BIT.discriminator)) return;
    const bdisc = isObj(b.discriminator) ? b.discriminator : undefined;
    const hdisc = isObj(h.discriminator) ? h.discriminator : undefined;
    if (!bdisc && hdisc) out.push({ kind: 'discriminator-added', ...at('discriminator'), data: {} });
    else if (bdisc && !hdisc) out.push({ kind: 'discriminator-removed', ...at('discriminator'), data: {} });
    else if (bdisc && hdisc) {
      if (bdisc.propertyName !== hdisc.propertyName) out.push({ kind: 'discriminator-property-name-changed', ...at('discriminator'), data: { from: bdisc.propertyName, to: hdisc.propertyName } });
      const bm = isObj(bdisc.mapping) ? bdisc.mapping : {};
      const hm = isObj(hdisc.mapping) ? hdisc.mapping : {};
      const r = compareLists(Object.keys(bm), Object.keys(hm), String, String);
      if (r.added.length) out.push({ kind: 'discriminator-mapping-added', ...at('discriminator'), data: { values: r.added } });
      if (r.removed.length) out.push({ kind: 'discriminator-mapping-deleted', ...at('discriminator'), data: { values: r.removed } });
      const changed = r.mutual.filter(([k]) => bm[k] !== hm[k]).map(([k]) => k);
      if (changed.length) out.push({ kind: 'discriminator-mapping-changed', ...at('discriminator'), data: { values: changed } });
    }
  }

  /** Composition: allOf / anyOf / oneOf alternatives paired as oasdiff pairs them (subschema-pairs.ts). */
  private compareComposition(node: PairNode, b: Obj, h: Obj): void {
    const out = node.findings;
    const bl = node.base.loc;
    const hl = node.head.loc;
    for (const keyword of XOF_KEYWORDS) {
      if (b[keyword] === undefined && h[keyword] === undefined) continue;
      const bl2 = Array.isArray(b[keyword]) ? (b[keyword] as unknown[]) : [];
      const hl2 = Array.isArray(h[keyword]) ? (h[keyword] as unknown[]) : [];
      if (!bl2.length && !hl2.length) continue;
      const r = pairAlternatives(
        keyword,
        { spec: this.base, values: bl2, node: (i) => this.base.child(node.base, keyword, i) },
        { spec: this.head, values: hl2, node: (i) => this.head.child(node.head, keyword, i) },
      );
      for (const i of r.added) {
        const v = hl2[i];
        const annotation = isObj(v) && Object.keys(v).every((k) => ANNOTATIONS.has(k) || k.startsWith('x-'));
        out.push({ kind: 'xof-added', base: sub(bl, keyword, b), head: sub(hl, keyword, h, i), data: { keyword, name: refName(v) ?? `#${i + 1}`, annotation } });
      }
      for (const i of r.removed) out.push({ kind: 'xof-removed', base: sub(bl, keyword, b, i), head: sub(hl, keyword, h), data: { keyword, name: refName(bl2[i]) ?? `#${i + 1}` } });
      for (const [i, j] of r.mutual) this.edge(node, `${keyword}[${j}]`, true, this.base.derefChild(node.base, keyword, i), this.head.derefChild(node.head, keyword, j));
    }
  }

  /** Properties added, removed, made required or optional, and the pairs of properties on both sides. */
  private compareProperties(node: PairNode, b: Obj, h: Obj): void {
    const out = node.findings;
    const bl = node.base.loc;
    const hl = node.head.loc;
    const bprops = isObj(b.properties) ? (b.properties as Obj) : {};
    const hprops = isObj(h.properties) ? (h.properties as Obj) : {};
    const breq = new Set(Array.isArray(b.required) ? b.required : []);
    const hreq = new Set(Array.isArray(h.required) ? h.required : []);
    // compareLists' split (added in head order, removed and mutual in base order) without its map.
    const bnames = Object.keys(bprops);
    const hnames = Object.keys(hprops);
    const props = { added: hnames.filter((k) => !Object.hasOwn(bprops, k)), removed: bnames.filter((k) => !Object.hasOwn(hprops, k)), mutual: bnames.filter((k) => Object.hasOwn(hprops, k)) };
    const flags = (spec: Spec, n: Node, name: string) => {
      const v = spec.derefChild(n, 'properties', name).value;
      return { readOnly: isObj(v) && v.readOnly === true, writeOnly: isObj(v) && v.writeOnly === true, hasDefault: isObj(v) && v.default !== undefined };
    };
    for (const name of props.added) {
      out.push({ kind: 'property-added', base: sub(bl, 'properties', b), head: sub(hl, 'properties', h, name), data: { name, required: hreq.has(name), ...flags(this.head, node.head, name) } });
    }
    for (const name of props.removed) {
      out.push({ kind: 'property-removed', base: sub(bl, 'properties', b, name), head: sub(hl, 'properties', h), data: { name, required: breq.has(name), ...flags(this.base, node.base, name) } });
    }
    for (const name of props.mutual) {
      const bChild = this.base.derefChild(node.base, 'properties', name);
      const hChild = this.head.derefChild(node.head, 'properties', name);
      const needFlags = breq.has(name) !== hreq.has(name) || hreq.has(name);
      const bf = needFlags ? flags(this.base, node.base, name) : NO_FLAGS;
      const hf = needFlags ? flags(this.head, node.head, name) : NO_FLAGS;
      const where = () => ({ base: sub(bl, 'properties', b, name), head: sub(hl, 'properties', h, name) });
      if (!breq.has(name) && hreq.has(name)) out.push({ kind: 'property-became-required', ...where(), data: { name, readOnly: hf.readOnly, writeOnly: hf.writeOnly } });
      if (breq.has(name) && !hreq.has(name)) out.push({ kind: 'property-became-optional', ...where(), data: { name, readOnly: bf.readOnly, writeOnly: bf.writeOnly } });
      if (bf.writeOnly && !hf.writeOnly && hreq.has(name)) out.push({ kind: 'property-became-not-write-only', ...where(), data: { name } });
      this.edge(node, name, false, bChild, hChild);
    }
  }

  /** Same definition on both sides: the same component name, or the same place. */
  private sameSchema(b: Node, h: Node): boolean {
    const bv = b.value;
    const hv = h.value;
    if (isObj(bv) && isObj(hv) && typeof bv.$ref === 'string' && typeof hv.$ref === 'string') return refName(bv) === refName(hv);
    const br = this.base.deref(b);
    const hr = this.head.deref(h);
    if (br.loc.pointer !== b.loc.pointer || hr.loc.pointer !== h.loc.pointer) return br.loc.pointer === hr.loc.pointer;
    return false;
  }
}

type At = (bk: string, hk?: string) => { base: Loc; head: Loc };

/** Bits of `keywordBits`: one per group of keywords compare looks at only when a side has one. */
const BIT = {
  oneOf: 1,
  xof: 2,
  enum: 4,
  const: 8,
  bound: 16,
  pattern: 32,
  content: 64,
  constraint: 128,
  map: 256,
  dependentRequired: 512,
  discriminator: 1024,
} as const;
const VALUE_BITS = BIT.enum | BIT.const;

/** Upper bounds, then lower bounds (the order their findings are written in), each with a bit of its own. */
const BOUNDS = [...UPPER_BOUNDS.map(([keyword, stem]) => ({ keyword, stem, side: 'upper' as const })), ...LOWER_BOUNDS.map(([keyword, stem]) => ({ keyword, stem, side: 'lower' as const }))];
function boundBit(i: number): number {
  return 1 << (11 + i);
}
const STRUCTURE_BITS = BIT.constraint | BIT.map | BIT.dependentRequired | BIT.discriminator;

const KEYWORD_BITS = new Map<string, number>([
  ['oneOf', BIT.oneOf | BIT.xof],
  ['anyOf', BIT.xof],
  ['allOf', BIT.xof],
  ['enum', BIT.enum],
  ['x-extensible-enum', BIT.enum],
  ['const', BIT.const],
  ...BOUNDS.map(({ keyword }, i): [string, number] => [keyword, BIT.bound | boundBit(i)]),
  ['pattern', BIT.pattern],
  ['contentEncoding', BIT.content],
  ['contentMediaType', BIT.content],
  ...CONSTRAINT_KEYWORDS.map(({ keyword }): [string, number] => [keyword, BIT.constraint]),
  ['patternProperties', BIT.map],
  ['dependentSchemas', BIT.map],
  ['dependentRequired', BIT.dependentRequired],
  ['discriminator', BIT.discriminator],
]);

/** The keyword groups a schema has (any key, whatever its value: the comparisons check values themselves). */
function keywordBits(s: Obj): number {
  let bits = 0;
  for (const key in s) bits |= KEYWORD_BITS.get(key) ?? 0;
  return bits;
}

/** Enums and `const`. */
function compareValues(out: SchemaFinding[], b: Obj, h: Obj, has: number, at: At): void {
  if (has & BIT.enum) {
    for (const keyword of ENUM_KEYWORDS) {
      if (b[keyword] === undefined && h[keyword] === undefined) continue;
      const be = enumValues(b, keyword);
      const he = enumValues(h, keyword);
      if (!be && he && keyword === 'enum') out.push({ kind: 'became-enum', ...at(keyword), data: { values: he } });
      if (be && he) {
        const r = compareLists(be, he, valueKey, valueKey);
        const enumKeyword = keyword === 'enum';
        if (r.removed.length) out.push({ kind: enumKeyword ? 'enum-value-removed' : 'x-extensible-enum-value-removed', ...at(keyword), data: { values: r.removed } });
        if (r.added.length) out.push({ kind: enumKeyword ? 'enum-value-added' : 'x-extensible-enum-value-added', ...at(keyword), data: { values: r.added } });
      }
    }
  }
  if ('const' in b || 'const' in h) {
    const kind = !('const' in b) ? 'const-added' : !('const' in h) ? 'const-removed' : 'const-changed';
    if (!sameValue(b.const, h.const)) out.push({ kind, ...at('const'), data: { from: b.const, to: h.const } });
  }
}

/** `pattern`, `contentEncoding` and `contentMediaType`. */
function compareStrings(out: SchemaFinding[], b: Obj, h: Obj, at: At): void {
  const bpat = b.pattern === '' ? undefined : b.pattern;
  const hpat = h.pattern === '' ? undefined : h.pattern;
  if (bpat !== hpat) {
    const kind = bpat === undefined ? 'pattern-added' : hpat === undefined ? 'pattern-removed' : 'pattern-changed';
    out.push({ kind, ...at('pattern'), data: { from: bpat, to: hpat } });
  }
  for (const k of ['contentEncoding', 'contentMediaType'] as const) {
    if (b[k] !== h[k]) out.push({ kind: k === 'contentEncoding' ? 'content-encoding-changed' : 'content-media-type-changed', ...at(k), data: { from: b[k], to: h[k] } });
  }
}

const ENUM_KEYWORDS = ['enum', 'x-extensible-enum'] as const;
const MAP_KEYWORDS = [
  ['patternProperties', 'pattern-property'],
  ['dependentSchemas', 'dependent-schema'],
] as const;
const XOF_KEYWORDS = ['allOf', 'anyOf', 'oneOf'] as const;

const NO_FLAGS = { readOnly: false, writeOnly: false, hasDefault: false };

function nullKey(s: Obj): string {
  return 'nullable' in s ? 'nullable' : 'x-nullable' in s ? 'x-nullable' : 'type';
}

function sub(loc: Loc, key: string, owner: Obj, ...more: (string | number)[]): Loc {
  // Point at the keyword when it exists, else at the schema itself.
  if (!(key in owner)) return loc;
  let pointer = loc.pointer + '/' + esc(key);
  for (const m of more) pointer += '/' + esc(String(m));
  return { doc: loc.doc, pointer };
}

function esc(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function refName(v: unknown): string | undefined {
  if (!isObj(v) || typeof v.$ref !== 'string') return undefined;
  const i = v.$ref.lastIndexOf('/');
  return v.$ref.slice(i + 1);
}

function bound(
  out: SchemaFinding[],
  b: Obj,
  h: Obj,
  keyword: string,
  stem: string,
  side: 'upper' | 'lower',
  at: (k: string) => { base: Loc; head: Loc },
): void {
  const bv = numberOrUndefined(b[keyword]);
  const hv = numberOrUndefined(h[keyword]);
  if (bv === hv) return;
  let kind: FindingKind;
  if (bv === undefined) kind = 'bound-set';
  else if (hv === undefined) kind = 'bound-unset';
  else if (hv > bv) kind = side === 'upper' ? 'bound-widened' : 'bound-narrowed';
  else kind = side === 'upper' ? 'bound-narrowed' : 'bound-widened';
  const direction = bv !== undefined && hv !== undefined ? (hv > bv ? 'increased' : 'decreased') : bv === undefined ? 'set' : 'unset';
  out.push({ kind, ...at(keyword), data: { keyword, stem, side, from: bv, to: hv, direction } });
}
