/**
 * The one finding shape every stage returns. Stages build diagnostics with data, never pre-rendered
 * text for a particular output format; `report/` renders them.
 */
export type Severity = 'error' | 'warning' | 'info';

/** Where a finding sits: a file, a JSON pointer into its parsed document, and the 1-based position. */
export interface SourceLocation {
  file: string;
  pointer?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

export interface RelatedLocation {
  message: string;
  location: SourceLocation;
}

export interface Diagnostic {
  severity: Severity;
  /** Stable id of the check that produced it, e.g. `schema`, `unknown-vendor`, `policy/risk-tier`. */
  code: string;
  message: string;
  location?: SourceLocation;
  related?: RelatedLocation[];
  /** "Did you mean" candidates or a replacement the user can apply. */
  suggest?: string[];
  /** Machine-readable facts behind the message (rule ids, computed values), for JSON consumers and tests. */
  data?: Record<string, unknown>;
}

/** What library functions return: a value plus everything noticed on the way. */
export interface Result<T> {
  value: T;
  diagnostics: Diagnostic[];
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

/** Stable output order: file, line, column, severity, code. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => {
    const fa = a.location?.file ?? '';
    const fb = b.location?.file ?? '';
    if (fa !== fb) return fa < fb ? -1 : 1;
    const la = a.location?.line ?? 0;
    const lb = b.location?.line ?? 0;
    if (la !== lb) return la - lb;
    const ca = a.location?.column ?? 0;
    const cb = b.location?.column ?? 0;
    if (ca !== cb) return ca - cb;
    if (a.severity !== b.severity) return ORDER[a.severity] - ORDER[b.severity];
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}
