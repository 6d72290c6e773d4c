import type { Change, ChangeData, ChangeLocation } from '../change.js';
import { sortChanges } from '../change.js';
import { Differ } from './differ.js';
import { isUnstable } from './lifecycle.js';
import type { Operation } from '../../contract/openapi/operations.js';
import { CHECKS, RULE_BY_KIND } from './rules/index.js';
import type { ParsedDocument } from '../../core/document.js';
import { isContractDocument } from '../../contract/parse/parse-contract.js';
import { componentOf, type Loc, type Spec } from '../../contract/openapi/spec.js';

export interface OpenApiDiffOptions {
  /** The evaluation date for sunsets; the caller decides (CLI: `--now`, default today). */
  now: Date;
}

/**
 * Diffs two loaded specs and judges every finding with its rule. Positions are looked up only for
 * the changes returned, so a clean diff of two large specs never builds a position index.
 */
export function diffOpenApi(base: Spec, head: Spec, options: OpenApiDiffOptions): Change[] {
  const located = new Differ(base, head, options.now).run();
  const changes: Change[] = [];
  const seen = new Set<string>();
  const lines = new LineBatch();
  const shared = new Map<string, Set<Operation>>();
  const pendingOps: [Change, Set<Operation>][] = [];
  for (const { finding, ctx } of located) {
    const rule = RULE_BY_KIND.get(finding.kind);
    if (!rule) throw new Error(`No rule judges finding kind '${finding.kind}'`);
    const verdict = rule.judge(finding, ctx);
    if (!verdict) continue;
    const meta = CHECKS.get(verdict.id);
    if (!meta) throw new Error(`Rule '${rule.name}' produced id '${verdict.id}', which it does not declare`);
    if (meta.messages[verdict.messageId] === undefined) throw new Error(`Rule '${rule.name}' produced message '${verdict.messageId}' of '${verdict.id}', which has no such template`);
    const op = ctx.operation;
    const where = `${verdict.id}|${finding.base?.pointer ?? ''}|${finding.head?.pointer ?? ''}`;
    if (ctx.operations) {
      // The same shared-schema change reached at different depths: one change, all operations.
      const earlier = shared.get(where);
      if (earlier) {
        for (const o of ctx.operations) earlier.add(o);
        continue;
      }
      shared.set(where, new Set(ctx.operations));
    }
    const key = `${where}|${op ? op.method + ' ' + op.path : ''}|${ctx.property ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let level = verdict.level ?? meta.level;
    // Rendered in report/: the verdict's facts become the change's data, no sentence is built here.
    const data: ChangeData = verdict.data ?? {};
    // Draft and alpha operations promise no compatibility: a changed operation is judged by its head
    // level (lowering the level is reported by itself), a removed one by its base level.
    const stability = op?.stability;
    if (level !== 'info' && isUnstable(stability) && verdict.id !== 'api-stability-decreased' && verdict.id !== 'api-invalid-stability-level') {
      level = 'info';
      data.unstable = stability;
    }
    const change: Change = { id: verdict.id, messageId: verdict.messageId, level, data };
    if (op) change.operation = { method: op.method.toUpperCase(), path: op.path };
    if (finding.base) change.base = lines.location(finding.base);
    if (finding.head) change.head = lines.location(finding.head);
    const schema = componentOf(finding.head?.pointer ?? '') ?? componentOf(finding.base?.pointer ?? '');
    data.operationId = op?.operationId ?? ctx.baseOperation?.operationId;
    if (schema) data.schema = schema;
    // Where in the body the change sits, for field-level usage (`reads`/`sends` of connectors).
    if (ctx.direction) data.direction = ctx.direction;
    if (BODY_PREFIXES.has(ctx.prefix ?? '')) data.property = fieldOf(finding.kind, finding.data, ctx.property);
    if (ctx.operations) pendingOps.push([change, shared.get(where)!]);
    changes.push(change);
  }
  // One object per reached operation, shared by every change that reaches it (Stripe: ~125,000 reaches).
  const reached = new Map<Operation, { method: string; path: string; operationId?: string }>();
  const reachedOf = (o: Operation) => {
    let r = reached.get(o);
    if (!r) reached.set(o, (r = { method: o.method.toUpperCase(), path: o.path, operationId: o.operationId }));
    return r;
  };
  for (const [change, ops] of pendingOps) {
    if (ops.size < 2) continue;
    // A change in a shared schema is reported once; these are all the operations it reaches.
    change.data!.operations = Array.from(ops, reachedOf);
  }
  return sortChanges(changes);
}

const BODY_PREFIXES = new Set(['request-body', 'request-property', 'response-body', 'response-property']);

/** The body field a finding is about: its property path, plus the property's name for findings on a property. */
function fieldOf(kind: string, data: Record<string, unknown>, property: string | undefined): string {
  const parent = property ?? '';
  if (!kind.startsWith('property-') || typeof data.name !== 'string') return parent;
  return parent ? `${parent}.${data.name}` : data.name;
}

/**
 * Locations whose `line` is computed on first read, for all reported changes of a document at once
 * (one pass over its text), so filtering and counting changes never pays for positions.
 */
class LineBatch {
  private readonly pending = new Map<ParsedDocument, Set<string>>();
  private readonly resolved = new Map<ParsedDocument, Map<string, number>>();

  location(loc: Loc): ChangeLocation {
    let set = this.pending.get(loc.doc);
    if (!set) this.pending.set(loc.doc, (set = new Set()));
    set.add(loc.pointer);
    const batch = this;
    let line: number | undefined;
    return {
      file: loc.doc.file,
      pointer: loc.pointer,
      get line(): number {
        line ??= batch.lineOf(loc);
        return line;
      },
    } as ChangeLocation;
  }

  private lineOf(loc: Loc): number {
    let lines = this.resolved.get(loc.doc);
    if (!lines) {
      const pointers = this.pending.get(loc.doc) ?? new Set([loc.pointer]);
      lines = isContractDocument(loc.doc) ? loc.doc.locateLines(pointers) : new Map([...pointers].map((p) => [p, loc.doc.locate(p).line]));
      this.resolved.set(loc.doc, lines);
    }
    return lines.get(loc.pointer) ?? loc.doc.locate(loc.pointer).line;
  }
}
