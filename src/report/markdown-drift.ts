/**
 * The body of the one drift issue `interlock report drift-issue` keeps open while the runtime differs
 * from git. Reads what `interlock drift --format json` prints, tolerating the plan-like shape
 * (`changes[]` with actions) and a plain list (`drift[]` / `items[]`).
 */
import type { Diagnostic, Result } from '../core/diagnostic.js';
import { mdCode, mdText, plural } from './markdown-text.js';

export const DRIFT_MARKER = '<!-- interlock:drift -->';
export const DRIFT_LABEL = 'interlock-drift';

export interface DriftItem {
  /** `Kind/name`. */
  id: string;
  /** What differs: `changed`, `missing` (in git, not in the runtime), `unmanaged` (in the runtime only)… */
  action?: string;
  /** JSON pointers of the fields that differ. */
  fields: string[];
}

export interface DriftSummary {
  drifted: boolean;
  items: DriftItem[];
  /** The commit the runtime last applied, when known. */
  commit?: string;
  revision?: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function itemOf(value: unknown): DriftItem | undefined {
  if (!isRecord(value)) return undefined;
  const id = typeof value.id === 'string' ? value.id : typeof value.kind === 'string' && typeof value.name === 'string' ? `${value.kind}/${value.name}` : undefined;
  if (!id) return undefined;
  const action = typeof value.action === 'string' ? value.action : typeof value.drift === 'string' ? value.drift : typeof value.reason === 'string' ? value.reason : undefined;
  if (action === 'noop') return undefined;
  const list = Array.isArray(value.fields) ? value.fields : Array.isArray(value.diff) ? value.diff : [];
  const fields = list
    .map((f) => (typeof f === 'string' ? f : isRecord(f) ? (typeof f.pointer === 'string' ? f.pointer : typeof f.path === 'string' ? f.path : undefined) : undefined))
    .filter((f): f is string => typeof f === 'string');
  return { id, ...(action ? { action } : {}), fields };
}

export function parseDriftReport(value: unknown, file: string): Result<DriftSummary> {
  if (!isRecord(value)) {
    return { value: { drifted: false, items: [] }, diagnostics: [{ severity: 'error', code: 'report-input', message: 'expected a JSON object', location: { file, pointer: '' } }] };
  }
  const diagnostics: Diagnostic[] = [];
  const list = [value.drift, value.drifted, value.items, value.changes, value.resources].find(Array.isArray) as unknown[] | undefined;
  const items = (list ?? []).map(itemOf).filter((i): i is DriftItem => i !== undefined);
  // `interlock drift --format json` prints `{drift: boolean, commit, runtimeRevision, changes}`.
  const explicit = typeof value.drift === 'boolean' ? value.drift : typeof value.drifted === 'boolean' ? value.drifted : typeof value.inSync === 'boolean' ? !value.inSync : undefined;
  if (explicit === undefined && !list) {
    diagnostics.push({ severity: 'error', code: 'report-input', message: 'no drift list (drift, items or changes) and no drifted flag', location: { file, pointer: '' } });
  }
  const commit = typeof value.commit === 'string' ? value.commit : typeof value.runtimeCommit === 'string' ? value.runtimeCommit : undefined;
  const revision = typeof value.revision === 'number' ? value.revision : typeof value.runtimeRevision === 'number' ? value.runtimeRevision : undefined;
  return {
    value: { drifted: explicit ?? items.length > 0, items, ...(commit ? { commit } : {}), ...(revision !== undefined ? { revision } : {}) },
    diagnostics,
  };
}

export interface DriftIssueText {
  title: string;
  body: string;
}

/** Title and body of the drift issue; `now` is when the check ran (ISO string). */
export function renderDriftIssue(drift: DriftSummary, options: { now: string; runUrl?: string; limit?: number }): DriftIssueText {
  const limit = options.limit ?? 65_536;
  const title = 'Interlock: the runtime has drifted from git';
  const when = options.now.slice(0, 16).replace('T', ' ') + ' UTC';
  const run = options.runUrl ? ` ([run](${options.runUrl}))` : '';
  if (!drift.drifted) {
    return { title, body: `${DRIFT_MARKER}\nNo drift found at ${when}${run}: the runtime matches git again. Closing.\n` };
  }
  const lines = [
    DRIFT_MARKER,
    `### ${plural(drift.items.length, 'resource')} in the runtime differ from git`,
    '',
    `Last checked ${when}${run}.${drift.commit ? ` The runtime last applied ${mdCode(drift.commit.slice(0, 12))}.` : ''}${drift.revision !== undefined ? ` Runtime revision ${drift.revision}.` : ''}`,
    '',
    'Someone changed the runtime outside git. Either apply git again (`interlock apply`, or let `interlock reconcile` heal it) or bring the change into git with a pull request.',
    '',
  ];
  if (drift.items.length) {
    lines.push('| resource | drift | fields |', '|---|---|---|');
    for (const item of drift.items) lines.push(`| ${mdCode(item.id)} | ${mdText(item.action ?? 'changed')} | ${item.fields.map(mdCode).join(', ')} |`);
    lines.push('');
  }
  lines.push('<sub>Interlock updates this issue on every drift check and closes it when the runtime matches git.</sub>');
  let body = lines.join('\n') + '\n';
  if (body.length > limit) {
    const note = '\n\n> **Truncated:** the full drift report is in the workflow run.\n';
    body = body.slice(0, limit - note.length).replace(/\n[^\n]*$/, '') + note;
  }
  return { title, body };
}
