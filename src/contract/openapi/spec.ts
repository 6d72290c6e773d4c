import path from 'node:path/posix';
import type { ParsedDocument } from '../../core/document.js';
import { getAtPointer } from '../../core/pointer.js';

export type OpenApiVersion = '2.0' | '3.0' | '3.1';

/** A place in one of a spec's documents. */
export interface Loc {
  doc: ParsedDocument;
  pointer: string;
}

/** A value with the place it was read from (after following `$ref`s). */
export interface Node {
  value: unknown;
  loc: Loc;
}

/** Refs followed in a row before giving up; a longer chain is reported by the loader as a cycle. */
export const MAX_REF_HOPS = 64;

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * A loaded OpenAPI description: its root document, the documents its `$ref`s name (already read and
 * checked by the loader, never fetched here) and lazy reference resolution. Nothing is dereferenced
 * up front: a 4 MB circular spec stays one parsed tree, and schemas are compared through their refs.
 */
export class Spec {
  constructor(
    readonly root: ParsedDocument,
    readonly version: OpenApiVersion,
    readonly documents: ReadonlyMap<string, ParsedDocument>,
  ) {}

  get value(): Obj {
    return this.root.value as Obj;
  }

  rootNode(pointer: string): Node {
    return { value: getAtPointer(this.root.value, pointer), loc: { doc: this.root, pointer } };
  }

  child(node: Node, ...keys: (string | number)[]): Node {
    let value = node.value;
    let pointer = node.loc.pointer;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      value = isObj(value) || Array.isArray(value) ? (value as Obj)[key as string] : undefined;
      const k = String(key);
      pointer += '/' + (k.includes('~') || k.includes('/') ? k.replace(/~/g, '~0').replace(/\//g, '~1') : k);
    }
    return { value, loc: { doc: node.loc.doc, pointer } };
  }

  /**
   * `deref(child(node, ...keys))` without writing the child's pointer when the child is a `$ref` that
   * resolves (its target has a place of its own): schema walks follow thousands of such refs.
   */
  derefChild(node: Node, ...keys: (string | number)[]): Node {
    let value = node.value;
    for (const key of keys) value = isObj(value) || Array.isArray(value) ? (value as Obj)[key as string] : undefined;
    if (isObj(value) && typeof value.$ref === 'string') {
      const target = this.target(value.$ref, node.loc.doc);
      if (target) return this.deref(target);
    }
    return this.deref(this.child(node, ...keys));
  }

  /** Follows `$ref` until a non-ref value; unresolvable refs give `value: undefined` (the loader reported them). */
  deref(node: Node): Node {
    let current = node;
    for (let hops = 0; hops < MAX_REF_HOPS; hops++) {
      const v = current.value;
      if (!isObj(v) || typeof v.$ref !== 'string') return current;
      const target = this.target(v.$ref, current.loc.doc);
      if (!target) return { value: undefined, loc: current.loc };
      current = target;
    }
    return { value: undefined, loc: current.loc };
  }

  /** Resolved refs by the document they were written in: the same `$ref` is followed thousands of times. */
  private readonly targets = new Map<ParsedDocument, Map<string, Node | undefined>>();

  /** The node a `$ref` string names, relative to the document it was written in (nodes are never mutated, so shared). */
  target(ref: string, from: ParsedDocument): Node | undefined {
    let byRef = this.targets.get(from);
    if (!byRef) this.targets.set(from, (byRef = new Map()));
    if (byRef.has(ref)) return byRef.get(ref);
    const node = this.resolve(ref, from);
    byRef.set(ref, node);
    return node;
  }

  private resolve(ref: string, from: ParsedDocument): Node | undefined {
    const hash = ref.indexOf('#');
    const file = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? '' : ref.slice(hash + 1);
    const doc = file ? this.documents.get(resolveRefFile(from.file, file)) : from;
    if (!doc) return undefined;
    const pointer = fragment ? decodeFragment(fragment) : '';
    const value = getAtPointer(doc.value, pointer);
    if (value === undefined) return undefined;
    return { value, loc: { doc, pointer } };
  }
}

export function resolveRefFile(fromFile: string, target: string): string {
  return path.normalize(path.join(path.dirname(fromFile), target));
}

function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/** A stable key for a location, used to memoize comparisons by (base, head) place. */
export function locKey(loc: Loc): string {
  return loc.doc.file + '#' + loc.pointer;
}

/** The component a pointer sits under (`#/components/schemas/X`, `#/definitions/X`), if any. */
export function componentOf(pointer: string): string | undefined {
  const m = /^\/(?:components\/schemas|definitions)\/[^/]+/.exec(pointer);
  return m ? '#' + m[0] : undefined;
}
