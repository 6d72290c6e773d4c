/**
 * Check-run annotations: one per located finding, so each shows on the changed file in the pull
 * request's "Files changed" view. GitHub accepts at most 50 per request; `batches` splits them.
 */
import { gateChangeMessage } from './compat-change-message.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { ChangeEntry, GateVerdict } from './gate-verdict.js';

export type AnnotationLevel = 'notice' | 'warning' | 'failure';

/** The wire shape of `output.annotations[]` in the Checks API. */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: AnnotationLevel;
  title: string;
  message: string;
}

/** GitHub's limit on annotations per create or update request. */
export const ANNOTATIONS_PER_REQUEST = 50;

/** GitHub truncates longer annotation messages; cut them ourselves so the end is marked. */
const MESSAGE_LIMIT = 64 * 1024 - 16;

const SEVERITY_LEVEL: Record<Diagnostic['severity'], AnnotationLevel> = { error: 'failure', warning: 'warning', info: 'notice' };

function clip(text: string): string {
  return text.length > MESSAGE_LIMIT ? `${text.slice(0, MESSAGE_LIMIT)} …` : text;
}

function fromDiagnostic(d: Diagnostic): CheckAnnotation | undefined {
  const loc = d.location;
  if (!loc?.file) return undefined;
  const line = loc.line ?? 1;
  const endLine = loc.endLine ?? line;
  const suggest = d.suggest?.length ? `\nDid you mean: ${d.suggest.join(', ')}?` : '';
  return {
    path: loc.file,
    start_line: line,
    end_line: endLine,
    // Columns are allowed only on single-line annotations.
    ...(loc.column && endLine === line ? { start_column: loc.column, end_column: loc.endColumn ?? loc.column } : {}),
    annotation_level: SEVERITY_LEVEL[d.severity],
    title: d.code,
    message: clip(d.message + suggest),
  };
}

function fromChange(e: ChangeEntry, verdict: GateVerdict): CheckAnnotation | undefined {
  // Annotations attach to the head commit. A removal has only a base location, whose line number means
  // nothing in the head file, so it goes on line 1 and names the base line instead.
  const head = e.change.head;
  const base = e.change.base;
  const loc = head ?? base;
  if (!loc?.file) return undefined;
  const line = head ? (head.line ?? 1) : 1;
  const removedAt = !head && base?.line ? ` (removed; it was at line ${base.line} in the base revision)` : '';
  let level: AnnotationLevel = e.change.level === 'warning' ? 'warning' : 'notice';
  let title = e.change.id;
  if (e.change.level === 'breaking') {
    if (!e.change.announced) {
      level = 'failure';
      title = `${e.change.id} (breaking)`;
    } else {
      level = verdict.approval.present ? 'notice' : 'failure';
      title = `${e.change.id} (breaking, announced${verdict.approval.present ? ', accepted' : ''})`;
    }
  }
  const op = e.change.operation ? `${e.change.operation.method.toUpperCase()} ${e.change.operation.path}: ` : e.change.path ? `${e.change.path}: ` : '';
  return {
    path: loc.file,
    start_line: line,
    end_line: line,
    annotation_level: level,
    title,
    message: clip(op + gateChangeMessage(e.change) + removedAt),
  };
}

/** Annotations for every located finding: blocking ones first, so the first batch holds what matters. */
export function gateAnnotations(verdict: GateVerdict): CheckAnnotation[] {
  const changes = [...verdict.unannounced, ...verdict.announced, ...verdict.otherChanges];
  const all = [
    ...changes.map((e) => fromChange(e, verdict)),
    ...[...verdict.errors, ...verdict.warnings, ...verdict.notices].map(fromDiagnostic),
    ...verdict.stale.map((file): CheckAnnotation => ({
      path: file,
      start_line: 1,
      end_line: 1,
      annotation_level: 'failure',
      title: 'generate-stale',
      message: 'This generated file is out of date: run `interlock generate` (adapters) or `interlock codeowners` (CODEOWNERS) and commit the result.',
    })),
  ].filter((a): a is CheckAnnotation => a !== undefined);
  const rank: Record<AnnotationLevel, number> = { failure: 0, warning: 1, notice: 2 };
  return all.map((a, i) => ({ a, i })).sort((x, y) => rank[x.a.annotation_level] - rank[y.a.annotation_level] || x.i - y.i).map((x) => x.a);
}

export function batches<T>(items: readonly T[], size = ANNOTATIONS_PER_REQUEST): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
