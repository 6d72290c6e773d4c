import { RuntimeProblem } from '../problem.js';
import type { RequestContext } from './route.js';

export type TabularFormat = 'ndjson' | 'csv';

/** `?format=` wins over `Accept`; null means the caller wants the JSON page (the default where one exists). */
export function tabularFormat(ctx: RequestContext, fallback: TabularFormat | null): TabularFormat | null {
  const q = ctx.query.get('format');
  if (q !== null) {
    if (q === 'ndjson' || q === 'csv') return q;
    if (q === 'json' && fallback === null) return null;
    throw new RuntimeProblem('invalid-request', `format: ${JSON.stringify(q)} is not one of ndjson, csv${fallback === null ? ', json' : ''}`, { errors: [{ pointer: '/query/format', message: 'unknown format' }] });
  }
  const accept = String(ctx.headers.accept ?? '');
  if (/\btext\/csv\b/.test(accept)) return 'csv';
  if (/\bapplication\/(x-)?ndjson\b/.test(accept)) return 'ndjson';
  return fallback;
}

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // A leading = + - @ would be a formula in a spreadsheet: prefixed with ' so exported data stays data.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * Rows as NDJSON (one JSON object a line) or CSV (RFC 4180, a header row; objects as JSON text). The
 * cursor of the next page travels in `Interlock-Next-After` and a `Link: rel="next"`, so the body stays
 * pure data and pages concatenate.
 */
export function tabularResponse(format: TabularFormat, columns: readonly string[], rows: readonly Record<string, unknown>[], next: number | null, nextUrl: (after: number) => string) {
  const text =
    format === 'ndjson'
      ? rows.map((r) => JSON.stringify(r) + '\n').join('')
      : [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\r\n') + '\r\n';
  const headers: Record<string, string> = {};
  if (next !== null) {
    headers['interlock-next-after'] = String(next);
    headers.link = `<${nextUrl(next)}>; rel="next"`;
  }
  return { status: 200, text, contentType: format === 'ndjson' ? 'application/x-ndjson' : 'text/csv; charset=utf-8', headers };
}
