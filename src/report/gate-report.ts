/**
 * The pull-request gate's input: everything `interlock check` (and, in CI, `generate --check` and `plan`)
 * found, as data. `interlock check --format json` prints a document that contains these fields;
 * `interlock report github|sarif` read one or more such documents and merge them.
 *
 * Field reference: docs/github.md ("The gate report").
 */
import type { Diagnostic, Result, Severity } from '../core/diagnostic.js';
import { CHANGE_STATUSES, type Change, type ChangeLocation, type Level } from '../compat/change.js';
import { changeDocsUrl } from '../core/rule-docs.js';
import { withDocs } from './diagnostics-json.js';

export const GATE_REPORT_VERSION = 1;

/** One compatibility change as the gate reports it: compat's `Change` plus whether it was announced. */
export interface GateChange extends Omit<Change, 'data'> {
  /** The contract's major version was bumped and its `announcements` acknowledge this change. */
  announced?: boolean;
  data?: Record<string, unknown>;
  /** URL of the rule's documentation (docs/compat/rules.md#<id>). */
  docs?: string;
}

/** The changes of one contract between the base revision and the head. */
export interface ContractChanges {
  /** Contract name (the Contract manifest's `metadata.name`), when known. */
  contract?: string;
  /** The API description file in the head (or in the base, when it was removed). */
  file: string;
  changes: GateChange[];
}

export interface PlanDelete {
  kind: string;
  name: string;
  /** `delete` or `replace` (a replace deletes before it creates). */
  action: 'delete' | 'replace';
  reason?: string;
}

export interface GatePlan {
  summary: { add: number; change: number; destroy: number };
  /** Every resource the plan deletes or replaces, spelled out in the summary. */
  deletes: PlanDelete[];
  /** The runtime the plan was computed against, when given. */
  runtimeRevision?: number;
}

export interface GateReport {
  version: typeof GATE_REPORT_VERSION;
  /** The base revision the check compared against (`origin/main`). */
  base?: string;
  /** Validation and policy findings. */
  diagnostics: Diagnostic[];
  /** Compatibility changes, grouped by contract file. */
  contracts: ContractChanges[];
  plan?: GatePlan;
  /** Generated files that differ from what `interlock generate` would write. */
  stale: string[];
}

export function emptyGateReport(): GateReport {
  return { version: GATE_REPORT_VERSION, diagnostics: [], contracts: [], stale: [] };
}

/** The report as `check --format json` prints it: every rule's finding and change with its `docs` URL. */
export function withRuleDocs(report: GateReport): GateReport {
  return {
    ...report,
    diagnostics: report.diagnostics.map(withDocs),
    contracts: report.contracts.map((c) => ({ ...c, changes: c.changes.map((change) => {
      const docs = changeDocsUrl(change.id);
      return docs ? { ...change, docs } : change;
    }) })),
  };
}

const SEVERITIES = new Set<Severity>(['error', 'warning', 'info']);
const LEVELS = new Set<Level>(['breaking', 'warning', 'info']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function problem(file: string, pointer: string, message: string): Diagnostic {
  return { severity: 'error', code: 'report-input', message, location: { file, pointer }, data: { pointer } };
}

function parseDiagnostic(value: unknown, file: string, pointer: string, out: Diagnostic[]): Diagnostic | undefined {
  if (!isRecord(value) || typeof value.code !== 'string' || typeof value.message !== 'string' || !SEVERITIES.has(value.severity as Severity)) {
    out.push(problem(file, pointer, 'a diagnostic needs severity (error|warning|info), code and message'));
    return undefined;
  }
  return value as unknown as Diagnostic;
}

function parseLocation(value: unknown): ChangeLocation | undefined {
  if (!isRecord(value) || typeof value.file !== 'string') return undefined;
  return {
    file: value.file,
    pointer: typeof value.pointer === 'string' ? value.pointer : '',
    ...(typeof value.line === 'number' ? { line: value.line } : {}),
  };
}

function parseChange(value: unknown, file: string, pointer: string, out: Diagnostic[]): GateChange | undefined {
  if (!isRecord(value) || typeof value.id !== 'string' || typeof value.message !== 'string' || !LEVELS.has(value.level as Level)) {
    out.push(problem(file, pointer, 'a change needs id, level (breaking|warning|info) and message'));
    return undefined;
  }
  const data = isRecord(value.data) ? value.data : undefined;
  // Announced: the compat stage passed a breaking change because the contract's major version was
  // bumped and an announcement names it (`status: announced` and `announced: true` as check prints it;
  // `data.downgraded: 'announced'` in reports of earlier versions). For the gate it stays a breaking
  // change that reviewers accept with the approval label.
  const status = CHANGE_STATUSES.find((x) => x === value.status);
  const announced = value.announced === true || status === 'announced' || data?.downgraded === 'announced';
  const level: Level = announced ? 'breaking' : (value.level as Level);
  const op = isRecord(value.operation) && typeof value.operation.method === 'string' && typeof value.operation.path === 'string'
    ? { method: value.operation.method, path: value.operation.path }
    : undefined;
  const base = parseLocation(value.base);
  const head = parseLocation(value.head);
  return {
    id: value.id,
    level,
    message: value.message,
    ...(op ? { operation: op } : {}),
    ...(typeof value.path === 'string' ? { path: value.path } : {}),
    ...(base ? { base } : {}),
    ...(head ? { head } : {}),
    ...(status ? { status } : {}),
    ...(announced ? { announced } : {}),
    ...(data ? { data } : {}),
  };
}

/** `changes` may be grouped (`[{file, contract?, changes: [...]}]`) or flat (`[{id, level, ...}]`, grouped here by file). */
function parseContracts(value: unknown, file: string, pointer: string, out: Diagnostic[]): ContractChanges[] {
  if (!Array.isArray(value)) {
    out.push(problem(file, pointer, 'expected an array'));
    return [];
  }
  const groups = new Map<string, ContractChanges>();
  const group = (key: string, contract?: string): ContractChanges => {
    let g = groups.get(key);
    if (!g) {
      g = { file: key, ...(contract ? { contract } : {}), changes: [] };
      groups.set(key, g);
    }
    return g;
  };
  value.forEach((item, i) => {
    if (isRecord(item) && Array.isArray(item.changes)) {
      const key = typeof item.file === 'string' ? item.file : typeof item.contract === 'string' ? item.contract : '';
      const g = group(key, typeof item.contract === 'string' ? item.contract : undefined);
      item.changes.forEach((c, j) => {
        const change = parseChange(c, file, `${pointer}/${i}/changes/${j}`, out);
        if (change) g.changes.push(change);
      });
      return;
    }
    const change = parseChange(item, file, `${pointer}/${i}`, out);
    if (change) group(change.head?.file ?? change.base?.file ?? '').changes.push(change);
  });
  return [...groups.values()];
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

/** Accepts the plan JSON (`formatVersion`, `changes`, `summary`) or the short form (`summary`, `deletes`). */
function parsePlan(value: unknown, file: string, pointer: string, out: Diagnostic[]): GatePlan | undefined {
  if (!isRecord(value) || !isRecord(value.summary)) {
    out.push(problem(file, pointer, 'a plan needs summary {add, change, destroy}'));
    return undefined;
  }
  const deletes: PlanDelete[] = [];
  const list = Array.isArray(value.deletes) ? value.deletes : Array.isArray(value.changes) ? value.changes : [];
  for (const item of list) {
    if (!isRecord(item) || typeof item.kind !== 'string' || typeof item.name !== 'string') continue;
    const action = item.action === undefined && Array.isArray(value.deletes) ? 'delete' : item.action;
    if (action !== 'delete' && action !== 'replace') continue;
    deletes.push({ kind: item.kind, name: item.name, action, ...(typeof item.reason === 'string' ? { reason: item.reason } : {}) });
  }
  const s = value.summary;
  return {
    summary: { add: count(s.add), change: count(s.change), destroy: count(s.destroy) },
    deletes,
    ...(typeof value.runtimeRevision === 'number' ? { runtimeRevision: value.runtimeRevision } : {}),
  };
}

/**
 * Reads one JSON document (already parsed) into a GateReport. Unknown fields are ignored so the
 * documents of `check`, `plan` and `generate --check` can all be fed in; malformed entries become
 * `report-input` diagnostics and are skipped.
 */
export function parseGateReport(value: unknown, file: string): Result<GateReport> {
  const diagnostics: Diagnostic[] = [];
  const report = emptyGateReport();
  if (!isRecord(value)) {
    return { value: report, diagnostics: [problem(file, '', 'expected a JSON object')] };
  }
  if (typeof value.base === 'string') report.base = value.base;
  if (value.diagnostics !== undefined) {
    if (Array.isArray(value.diagnostics)) {
      value.diagnostics.forEach((d, i) => {
        const parsed = parseDiagnostic(d, file, `/diagnostics/${i}`, diagnostics);
        if (parsed) report.diagnostics.push(parsed);
      });
    } else diagnostics.push(problem(file, '/diagnostics', 'expected an array'));
  }
  // `contracts` (grouped) is this shape's name; `changes` is what `interlock diff` prints.
  if (value.contracts !== undefined) report.contracts.push(...parseContracts(value.contracts, file, '/contracts', diagnostics));
  if (value.changes !== undefined && !isPlanDocument(value)) report.contracts.push(...parseContracts(value.changes, file, '/changes', diagnostics));
  if (value.plan !== undefined) {
    const plan = parsePlan(value.plan, file, '/plan', diagnostics);
    if (plan) report.plan = plan;
  } else if (isPlanDocument(value)) {
    const plan = parsePlan(value, file, '', diagnostics);
    if (plan) report.plan = plan;
  }
  // `interlock generate --check --format json`: `{generated: {missing, stale, extra}, diagnostics}`.
  if (isRecord(value.generated)) {
    for (const key of ['missing', 'stale', 'extra']) {
      const list = value.generated[key];
      if (Array.isArray(list)) report.stale.push(...list.filter((s): s is string => typeof s === 'string'));
    }
  }
  if (value.stale !== undefined) {
    if (Array.isArray(value.stale) && value.stale.every((s) => typeof s === 'string')) report.stale.push(...(value.stale as string[]));
    else diagnostics.push(problem(file, '/stale', 'expected an array of file paths'));
  }
  return { value: report, diagnostics };
}

/** A plan file as `interlock plan --out` writes it. */
function isPlanDocument(value: Record<string, unknown>): boolean {
  return typeof value.formatVersion === 'number' && isRecord(value.summary) && Array.isArray(value.changes);
}

function diagnosticKey(d: Diagnostic): string {
  const l = d.location;
  return [d.severity, d.code, l?.file, l?.pointer, l?.line, l?.column, d.message].join('\u0000');
}

/**
 * Several documents (check, plan, generate --check) into one report. Commands that load the workspace
 * each repeat its validation findings; a finding is kept once.
 */
export function mergeGateReports(reports: readonly GateReport[]): GateReport {
  const merged = emptyGateReport();
  const seen = new Set<string>();
  for (const r of reports) {
    merged.base ??= r.base;
    for (const d of r.diagnostics) {
      const key = diagnosticKey(d);
      if (seen.has(key)) continue;
      seen.add(key);
      merged.diagnostics.push(d);
    }
    for (const c of r.contracts) {
      const existing = merged.contracts.find((m) => m.file === c.file);
      if (existing) existing.changes.push(...c.changes);
      else merged.contracts.push({ ...c, changes: [...c.changes] });
    }
    if (r.plan) merged.plan = r.plan;
    for (const s of r.stale) if (!merged.stale.includes(s)) merged.stale.push(s);
  }
  return merged;
}

/** Every change with the contract file it belongs to. */
export function allChanges(report: GateReport): { file: string; contract?: string; change: GateChange }[] {
  return report.contracts.flatMap((c) => c.changes.map((change) => ({ file: c.file, ...(c.contract ? { contract: c.contract } : {}), change })));
}
