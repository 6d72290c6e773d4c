import { compareLists, compareMaps, type ListComparison } from './list-compare.js';
import { listOperations, operationsOfItem, templateKey, type Operation } from '../../contract/openapi/operations.js';
import type { Finding, FindingKind, RuleContext } from './rules/rule.js';
import { SchemaGraph, type PairNode } from './schema-graph.js';
import { isObj, type Node, type Obj, type Spec } from '../../contract/openapi/spec.js';

/** A finding with the context a rule needs to judge it. */
export interface Located {
  finding: Finding;
  ctx: RuleContext;
}

interface Reached {
  finding: Finding;
  prefix: string;
  property: string;
  /**
   * For a finding in a component schema (reported once for all operations): its one report at this
   * place (`direction|prefix`), shared by every reach list that has it.
   */
  slot: SharedSlot | undefined;
}

/** A component finding's report at one place and the operations it reaches (filled by walkSchema). */
interface SharedSlot {
  located?: Located;
  ops?: Set<Operation>;
}

interface SchemaRoot {
  pair: PairNode;
  ctx: RuleContext;
  paramIn?: string;
}

/**
 * The structural differ: walks base and head (paths, operations, parameters, bodies, responses,
 * headers, security, servers, webhooks) and emits direction-free findings. Schemas are compared
 * through a shared, memoized pair graph; only pairs from which a finding is reachable are walked when
 * findings are attributed to operations.
 */
export class Differ {
  readonly out: Located[] = [];
  readonly graph: SchemaGraph;
  private readonly roots: SchemaRoot[] = [];
  /** Findings already attributed to an operation in a direction (several roots reach the same pairs). */
  private readonly attributed = new Map<string, Set<unknown>>();
  /** Findings inside component schemas, reported once with every operation they reach. */
  private readonly shared = new Map<Finding, Map<string, SharedSlot>>();
  /** Reached lists already replayed for an attribution scope: replaying again adds nothing. */
  private readonly replayed = new Map<string, Set<Reached[]>>();

  constructor(
    readonly base: Spec,
    readonly head: Spec,
    readonly now: Date,
  ) {
    this.graph = new SchemaGraph(base, head);
  }

  run(): Located[] {
    this.operations(listOperations(this.base), listOperations(this.head), true);
    this.webhooks();
    this.globalSecurity();
    this.securitySchemes();
    this.graph.expand();
    this.graph.markDirty();
    for (const root of this.roots) this.walkSchema(root);
    return this.out;
  }

  private emit(kind: FindingKind, ctx: Omit<RuleContext, 'now'>, base?: Node, head?: Node, data: Record<string, unknown> = {}): void {
    this.out.push({ finding: { kind, base: base?.loc, head: head?.loc, data }, ctx: { ...ctx, now: this.now } });
  }

  private operations(baseOps: Operation[], headOps: Operation[], top: boolean): void {
    let full = false;
    if (top) {
      const bp = baseOps[0]?.basePath ?? '';
      const hp = headOps[0]?.basePath ?? '';
      if (bp !== hp) {
        const rel = compareLists(baseOps, headOps, (o) => opKey(o, false), (o) => opKey(o, false)).mutual.length;
        const abs = compareLists(baseOps, headOps, (o) => opKey(o, true), (o) => opKey(o, true)).mutual.length;
        full = abs > rel;
        if (full) this.emit('base-path-changed', {}, this.base.rootNode(this.base.version === '2.0' ? '/basePath' : '/servers'), this.head.rootNode(this.head.version === '2.0' ? '/basePath' : '/servers'), { from: bp, to: hp });
      }
    }
    const r = compareLists(baseOps, headOps, (o) => opKey(o, full), (o) => opKey(o, full));
    const pathOf = (o: Operation) => (full ? o.basePath : '') + templateKey(o.path);
    const headPaths = new Set(headOps.map(pathOf));
    const basePaths = new Set(baseOps.map(pathOf));
    for (const op of r.removed) this.emit('operation-removed', { operation: op, baseOperation: op }, op.node, undefined, { wholePath: !headPaths.has(pathOf(op)) });
    for (const op of r.added) this.emit('operation-added', { operation: op }, undefined, op.node, { wholePath: !basePaths.has(pathOf(op)) });
    for (const [b, h] of r.mutual) this.operation(b, h);
  }

  private operation(b: Operation, h: Operation): void {
    const ctx = { operation: h, baseOperation: b };
    if (!b.deprecated && h.deprecated) this.emit('operation-deprecated', ctx, b.node, h.node);
    else if (b.deprecated && !h.deprecated) this.emit('operation-reactivated', ctx, b.node, h.node);
    else if (b.deprecated && h.deprecated && b.sunset !== h.sunset) this.emit('sunset-changed', ctx, b.node, h.node, { from: b.sunset, to: h.sunset });
    if (b.stability !== h.stability) this.emit('stability-changed', ctx, b.node, h.node, { from: b.stability, to: h.stability });

    // Parameters.
    const params = compareMaps(b.parameters, h.parameters);
    // Path parameters of matched templates existed on both sides, declared or not.
    for (const [, p] of params.added) if (p.in !== 'path') this.emit('parameter-added', ctx, undefined, p.node, { parameter: p });
    for (const [, p] of params.removed) if (p.in !== 'path') this.emit('parameter-removed', ctx, p.node, undefined, { parameter: p });
    for (const [[, bp], [, hp]] of params.mutual) {
      const pctx = { operation: h, baseOperation: b, parameter: hp.name, parameterIn: hp.in, serialization: { style: hp.style, explode: hp.explode } };
      if (bp.style !== hp.style || bp.explode !== hp.explode) this.emit('parameter-serialization-changed', pctx, bp.node, hp.node, { parameter: hp, from: { style: bp.style, explode: bp.explode }, to: { style: hp.style, explode: hp.explode } });
      if (!bp.required && hp.required) this.emit('parameter-became-required', pctx, bp.node, hp.node, { parameter: hp });
      if (bp.required && !hp.required) this.emit('parameter-became-optional', pctx, bp.node, hp.node, { parameter: hp });
      if (!bp.deprecated && hp.deprecated) this.emit('parameter-deprecated', pctx, bp.node, hp.node, { parameter: hp });
      if (bp.deprecated && !hp.deprecated) this.emit('parameter-reactivated', pctx, bp.node, hp.node, { parameter: hp });
      if (bp.deprecated && hp.deprecated && bp.sunset !== hp.sunset) this.emit('parameter-sunset-changed', pctx, bp.node, hp.node, { parameter: hp, from: bp.sunset });
      if (bp.schema && hp.schema) this.schemaRoot(bp.schema, hp.schema, { ...pctx, prefix: 'request-parameter', direction: 'request' }, hp.in);
    }

    // Request body.
    const bb = b.requestBody;
    const hb = h.requestBody;
    if (!bb && hb) this.emit('request-body-added', ctx, undefined, hb.node, { required: hb.required });
    else if (bb && !hb) this.emit('request-body-removed', ctx, bb.node, undefined);
    else if (bb && hb) {
      if (!bb.required && hb.required) this.emit('request-body-became-required', ctx, bb.node, hb.node);
      if (bb.required && !hb.required) this.emit('request-body-became-optional', ctx, bb.node, hb.node);
      const media = compareMedia(bb.content, hb.content);
      for (const [name, m] of media.added) this.emit('request-media-type-added', ctx, bb.node, m.node, { mediaType: name });
      for (const [name, m] of media.removed) this.emit('request-media-type-removed', ctx, m.node, hb.node, { mediaType: name });
      for (const [[name, bm], [, hm]] of media.mutual) {
        if (bm.schema && hm.schema) this.schemaRoot(bm.schema, hm.schema, { ...ctx, prefix: 'request-body', direction: 'request', mediaType: name });
      }
    }

    // Responses.
    const resps = compareMaps(b.responses, h.responses);
    // A status folded into (or split out of) its range, `200` ↔ `2XX`, is the same response.
    const range = (status: string) => `${status[0]}XX`;
    const folded = new Set<string>();
    for (const [status, r] of resps.removed) {
      const covering = h.responses.get(range(status)) ?? h.responses.get(range(status).toLowerCase());
      if (/^\d{3}$/.test(status) && covering && !b.responses.has(range(status))) {
        resps.mutual.push([[status, r], [status, covering]]);
        folded.add(covering.status);
      } else this.emit('response-removed', { ...ctx, status }, r.node, undefined, { status });
    }
    for (const [status, r] of resps.added) {
      if (folded.has(status)) continue;
      const covered = b.responses.get(range(status)) ?? b.responses.get(range(status).toLowerCase());
      if (/^\d{3}$/.test(status) && covered && !h.responses.has(range(status))) resps.mutual.push([[status, covered], [status, r]]);
      else this.emit('response-added', { ...ctx, status }, undefined, r.node, { status });
    }
    for (const [[status, br], [, hr]] of resps.mutual) {
      const rctx = { ...ctx, status };
      const media = compareMedia(br.content, hr.content);
      for (const [name, m] of media.added) this.emit('response-media-type-added', rctx, br.node, m.node, { mediaType: name, status });
      for (const [name, m] of media.removed) this.emit('response-media-type-removed', rctx, m.node, hr.node, { mediaType: name, status });
      for (const [[name, bm], [, hm]] of media.mutual) {
        if (bm.schema && hm.schema) this.schemaRoot(bm.schema, hm.schema, { ...rctx, prefix: 'response-body', direction: 'response', mediaType: name });
      }
      const headers = compareMaps(br.headers, hr.headers);
      for (const [, hh] of headers.added) this.emit('response-header-added', rctx, br.node, hh.node, { name: hh.name, status });
      for (const [, bh] of headers.removed) this.emit('response-header-removed', rctx, bh.node, hr.node, { name: bh.name, required: bh.required, status });
      for (const [[, bh], [, hh]] of headers.mutual) {
        if (bh.required && !hh.required) this.emit('response-header-became-optional', rctx, bh.node, hh.node, { name: hh.name, status });
        if (!bh.required && hh.required) this.emit('response-header-became-required', rctx, bh.node, hh.node, { name: hh.name, status });
        if (bh.schema && hh.schema) this.schemaRoot(bh.schema, hh.schema, { ...rctx, prefix: 'response-header', direction: 'response', parameter: hh.name });
      }
    }

    // Security requirements declared on the operation.
    if (b.security || h.security) this.securityRequirements(b.security, h.security, ctx, false);

    // Callbacks: each callback expression is a path item; compare its operations like top-level ones.
    if (b.callbacks && h.callbacks && isObj(b.callbacks.value) && isObj(h.callbacks.value)) {
      for (const name of Object.keys(b.callbacks.value)) {
        const bc = this.base.deref(this.base.child(b.callbacks, name));
        const hc = this.head.deref(this.head.child(h.callbacks, name));
        if (!isObj(bc.value) || !isObj(hc.value)) continue;
        for (const expr of Object.keys(bc.value)) {
          if (!(expr in hc.value)) continue;
          this.operations(operationsOfItem(this.base, this.base.child(bc, expr), expr), operationsOfItem(this.head, this.head.child(hc, expr), expr), false);
        }
      }
    }
  }

  private schemaRoot(b: Node, h: Node, ctx: Omit<RuleContext, 'now'>, paramIn?: string): void {
    this.roots.push({ pair: this.graph.pair(b, h), ctx: { ...ctx, now: this.now }, paramIn });
  }

  /** Findings reachable from a root pair, by shortest path; computed once per (pair, place). */
  private readonly reachable = new Map<PairNode, Map<string, Reached[]>>();
  /** Walks `reach` has made; the number of the current one marks the pairs it reached. */
  private walks = 0;

  private reach(root: SchemaRoot): Reached[] {
    const place = `${root.ctx.prefix}|${root.ctx.direction}|${root.paramIn ?? ''}`;
    let byPlace = this.reachable.get(root.pair);
    if (!byPlace) this.reachable.set(root.pair, (byPlace = new Map()));
    const cached = byPlace.get(place);
    if (cached) return cached;
    const out: Reached[] = [];
    const rootPrefix = root.ctx.prefix!;
    const request = root.ctx.direction === 'request';
    // Pairs this walk reached carry its number (a walk visits thousands of pairs over tens of thousands
    // of edges, most leading back to pairs already reached: a set lookup per edge was most of its time).
    const visit = ++this.walks;
    root.pair.visit = visit;
    // Paths are linked lists (shared prefixes), turned into text only for nodes with findings, so a
    // long chain of references costs linear, not quadratic, time and memory.
    let level: { node: PairNode; path: PathLink | undefined; nested: boolean }[] = [{ node: root.pair, path: undefined, nested: false }];
    while (level.length) {
      const next: typeof level = [];
      for (const { node, path, nested } of level) {
        if (node.findings.length) {
          const prefix = nested ? nestedPrefix(rootPrefix, root.paramIn) : rootPrefix;
          const property = pathText(path);
          const place = `${root.ctx.direction}|${prefix}`;
          for (const finding of node.findings) out.push({ finding, prefix, property, slot: inComponent(finding) ? this.slot(finding, place) : undefined });
        }
        for (const edge of node.edges) {
          const child = edge.child;
          if (!child.dirty || child.visit === visit) continue;
          if (request ? edge.readOnly : edge.writeOnly) continue;
          child.visit = visit;
          next.push({ node: child, path: edge.transparent ? path : { segment: edge.segment, parent: path }, nested: nested || !edge.transparent });
        }
      }
      level = next;
    }
    byPlace.set(place, out);
    return out;
  }

  private slot(finding: Finding, place: string): SharedSlot {
    let byPlace = this.shared.get(finding);
    if (!byPlace) this.shared.set(finding, (byPlace = new Map()));
    let slot = byPlace.get(place);
    if (!slot) byPlace.set(place, (slot = {}));
    return slot;
  }

  /** Attributes every finding reachable from one schema root to its operation (shared ones once). */
  private walkSchema(root: SchemaRoot): void {
    if (!root.pair.dirty) return;
    const op = root.ctx.operation;
    const scope = `${op?.method} ${op?.path} ${root.ctx.direction} ${root.ctx.prefix === 'request-parameter' ? root.ctx.parameter : ''}`;
    let done = this.attributed.get(scope);
    if (!done) this.attributed.set(scope, (done = new Set()));
    const reached = this.reach(root);
    let lists = this.replayed.get(scope);
    if (!lists) this.replayed.set(scope, (lists = new Set()));
    if (lists.has(reached)) return;
    lists.add(reached);
    for (const { finding, prefix, property, slot } of reached) {
      if (done.has(finding)) continue;
      done.add(finding);
      if (slot) {
        const existing = slot.located;
        if (existing) {
          const ops = slot.ops!;
          if (op && !ops.has(op)) {
            ops.add(op);
            existing.ctx.operations!.push(op);
          }
          continue;
        }
        const located: Located = { finding, ctx: { ...root.ctx, prefix, property, operations: op ? [op] : [] } };
        slot.located = located;
        slot.ops = new Set(op ? [op] : []);
        this.out.push(located);
        continue;
      }
      this.out.push({ finding, ctx: { ...root.ctx, prefix, property } });
    }
  }

  private webhooks(): void {
    const bw = this.base.rootNode('/webhooks');
    const hw = this.head.rootNode('/webhooks');
    const names = (n: Node) => (isObj(n.value) ? Object.keys(n.value) : []);
    const r = compareLists(names(bw), names(hw), String, String);
    for (const name of r.added) this.emit('webhook-added', {}, bw, this.head.child(hw, name), { name });
    for (const name of r.removed) this.emit('webhook-removed', {}, this.base.child(bw, name), hw, { name });
    for (const name of r.mutual.map(([n]) => n)) {
      this.operations(operationsOfItem(this.base, this.base.child(bw, name), name), operationsOfItem(this.head, this.head.child(hw, name), name), false);
    }
  }

  private globalSecurity(): void {
    const b = this.base.rootNode('/security');
    const h = this.head.rootNode('/security');
    if (b.value !== undefined || h.value !== undefined) this.securityRequirements(b, h, {}, true);
  }

  private securityRequirements(b: Node | undefined, h: Node | undefined, ctx: Omit<RuleContext, 'now'>, global: boolean): void {
    const list = (n: Node | undefined) => (n && Array.isArray(n.value) ? (n.value.filter(isObj) as Obj[]) : []);
    const key = (req: Obj) => Object.keys(req).sort().join('+') || '(none)';
    const r = compareLists(list(b), list(h), key, key);
    for (const req of r.added) this.emit('security-added', ctx, b, h, { scheme: key(req), global });
    for (const req of r.removed) this.emit('security-removed', ctx, b, h, { scheme: key(req), global });
    for (const [br, hr] of r.mutual) {
      for (const scheme of Object.keys(hr)) {
        const bs = Array.isArray(br[scheme]) ? (br[scheme] as string[]) : [];
        const hs = Array.isArray(hr[scheme]) ? (hr[scheme] as string[]) : [];
        const s = compareLists(bs, hs, String, String);
        if (s.added.length) this.emit('security-scope-added', ctx, b, h, { scheme, scopes: s.added, global });
        if (s.removed.length) this.emit('security-scope-removed', ctx, b, h, { scheme, scopes: s.removed, global });
      }
    }
  }

  private securitySchemes(): void {
    const at = (s: Spec) => s.rootNode(s.version === '2.0' ? '/securityDefinitions' : '/components/securitySchemes');
    const b = at(this.base);
    const h = at(this.head);
    const names = (n: Node) => (isObj(n.value) ? Object.keys(n.value) : []);
    const r = compareLists(names(b), names(h), String, String);
    for (const name of r.added) this.emit('security-component-added', {}, b, this.head.child(h, name), { scheme: name });
    for (const name of r.removed) this.emit('security-component-removed', {}, this.base.child(b, name), h, { scheme: name });
    for (const [name] of r.mutual) {
      const bs = this.base.deref(this.base.child(b, name));
      const hs = this.head.deref(this.head.child(h, name));
      const bt = isObj(bs.value) ? bs.value.type : undefined;
      const ht = isObj(hs.value) ? hs.value.type : undefined;
      if (bt !== ht) this.emit('security-component-type-changed', {}, bs, hs, { scheme: name, from: bt, to: ht });
    }
  }
}

interface PathLink {
  segment: string;
  parent: PathLink | undefined;
}

/** Shown property paths keep their last segments; deeper ones start with an ellipsis. */
const MAX_PATH_SEGMENTS = 24;

function pathText(path: PathLink | undefined): string {
  const segs: string[] = [];
  let link = path;
  while (link && segs.length < MAX_PATH_SEGMENTS) {
    segs.push(link.segment);
    link = link.parent;
  }
  if (link) segs.push('…');
  return segs.reverse().join('.');
}

function inComponent(f: Finding): boolean {
  const p = f.head?.pointer ?? f.base?.pointer ?? '';
  return p.startsWith('/components/') || p.startsWith('/definitions/');
}

function opKey(o: Operation, full: boolean): string {
  return o.method + ' ' + (full ? o.basePath : '') + templateKey(o.path);
}

function nestedPrefix(rootPrefix: string, paramIn: string | undefined): string {
  switch (rootPrefix) {
    case 'request-body':
      return 'request-property';
    case 'request-parameter':
      return paramIn === 'header' ? 'request-header-property' : 'request-parameter-property';
    case 'response-body':
      return 'response-property';
    case 'response-header':
      return 'response-header-property';
    default:
      return rootPrefix;
  }
}

/** `application/json; charset=utf-8` is `application/json`. */
function mediaKey(name: string): string {
  return name.split(';')[0].trim().toLowerCase();
}

/** `application/problem+json` → `application/json`: the syntax a client actually parses. */
function syntaxKey(name: string): string {
  const key = mediaKey(name);
  const m = /^([^/]+)\/(?:[^+]+\+)?([^+]+)$/.exec(key);
  return m ? `${m[1]}/${m[2]}` : key;
}

/** Media types matched by name without parameters; a renamed type with the same syntax still matches. */
function compareMedia<T>(base: Map<string, T>, head: Map<string, T>): ListComparison<[string, T], [string, T]> {
  const r = compareLists(base, head, ([k]) => mediaKey(k), ([k]) => mediaKey(k));
  const added = [...r.added];
  const removed: [string, T][] = [];
  for (const b of r.removed) {
    const i = added.findIndex(([k]) => syntaxKey(k) === syntaxKey(b[0]));
    if (i === -1) removed.push(b);
    else r.mutual.push([b, added.splice(i, 1)[0]]);
  }
  return { added, removed, mutual: r.mutual };
}
