/**
 * Reads the gate report `interlock check --report FILE` writes (`GateReport`, src/engine/gate-report.ts)
 * back from JSON, for `interlock report github|markdown|sarif`. One shape: a document without the
 * report's `formatVersion` is refused, malformed entries become located `report-input` diagnostics.
 *
 * Field reference: docs/github.md ("The gate report").
 */
import type { Diagnostic, Result, Severity } from '../core/diagnostic.js';
import { CHANGE_STATUSES, type Change, type ChangeLocation, type Level } from '../compat/change.js';
import { changeDocsUrl } from '../core/rule-docs.js';
import { emptyGateReport, GATE_REPORT_FORMAT_VERSION, type ContractChanges, type GateChange, type GateChecked, type GatePlan, type GateReport, type PlanDelete } from '../engine/gate-report.js';
import { changeMessage } from './compat-change-message.js';
import { withDocs } from './diagnostics-json.js';

/**
 * The report as `check` writes it (`--format json`, `--report FILE`): each change's rendered sentence in
 * place of the facts behind it (`data` stays in the library), and every rule's finding and change with
 * its `docs` URL.
 */
export function publishedGateReport(report: GateReport): GateReport {
  return {
    ...report,
    diagnostics: report.diagnostics.map(withDocs),
    contracts: report.contracts.map((c) => ({
      ...c,
      changes: c.changes.map((change) => {
        const { data: _facts, ...shown } = change;
        const docs = changeDocsUrl(change.id);
        return { ...shown, message: changeMessage(change as Change), ...(change.status === 'announced' ? { announced: true } : {}), ...(docs ? { docs } : {}) };
      }),
    })),
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

function parseContracts(value: unknown, file: string, pointer: string, out: Diagnostic[]): ContractChanges[] {
  if (!Array.isArray(value)) {
    out.push(problem(file, pointer, 'expected an array'));
    return [];
  }
  const groups: ContractChanges[] = [];
  value.forEach((item, i) => {
    if (!isRecord(item) || typeof item.file !== 'string' || !Array.isArray(item.changes)) {
      out.push(problem(file, `${pointer}/${i}`, 'a contract entry needs file and changes'));
      return;
    }
    const changes: GateChange[] = [];
    item.changes.forEach((c, j) => {
      const change = parseChange(c, file, `${pointer}/${i}/changes/${j}`, out);
      if (change) changes.push(change);
    });
    groups.push({
      file: item.file,
      ...(typeof item.contract === 'string' ? { contract: item.contract } : {}),
      ...(typeof item.baseVersion === 'string' ? { baseVersion: item.baseVersion } : {}),
      ...(typeof item.headVersion === 'string' ? { headVersion: item.headVersion } : {}),
      changes,
    });
  });
  return groups;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

function parsePlan(value: unknown, file: string, pointer: string, out: Diagnostic[]): GatePlan | undefined {
  if (!isRecord(value) || !isRecord(value.summary) || !Array.isArray(value.deletes)) {
    out.push(problem(file, pointer, 'a plan needs summary {add, change, destroy} and deletes'));
    return undefined;
  }
  const deletes: PlanDelete[] = [];
  for (const item of value.deletes) {
    if (!isRecord(item) || typeof item.kind !== 'string' || typeof item.name !== 'string') continue;
    if (item.action !== 'delete' && item.action !== 'replace') continue;
    deletes.push({ kind: item.kind, name: item.name, action: item.action, ...(typeof item.reason === 'string' ? { reason: item.reason } : {}) });
  }
  const s = value.summary;
  return {
    summary: { add: count(s.add), change: count(s.change), destroy: count(s.destroy) },
    deletes,
    ...(typeof value.runtimeRevision === 'number' ? { runtimeRevision: value.runtimeRevision } : {}),
  };
}

/** Reads one gate report (already parsed JSON). */
export function parseGateReport(value: unknown, file: string): Result<GateReport> {
  const diagnostics: Diagnostic[] = [];
  const report = emptyGateReport();
  if (!isRecord(value)) {
    return { value: report, diagnostics: [problem(file, '', 'expected a JSON object')] };
  }
  if (value.formatVersion !== GATE_REPORT_FORMAT_VERSION) {
    const what = value.formatVersion === undefined ? 'is not a gate report (no formatVersion); write one with `interlock check --report FILE`' : `has gate report formatVersion ${JSON.stringify(value.formatVersion)}; this Interlock reads ${GATE_REPORT_FORMAT_VERSION}`;
    return { value: report, diagnostics: [problem(file, '/formatVersion', `${file} ${what}`)] };
  }
  if (typeof value.base === 'string') report.base = value.base;
  if (isRecord(value.checked)) report.checked = value.checked as unknown as GateChecked;
  report.failed = value.failed === true;
  if (Array.isArray(value.diagnostics)) {
    value.diagnostics.forEach((d, i) => {
      const parsed = parseDiagnostic(d, file, `/diagnostics/${i}`, diagnostics);
      if (parsed) report.diagnostics.push(parsed);
    });
  } else diagnostics.push(problem(file, '/diagnostics', 'expected an array'));
  report.contracts = parseContracts(value.contracts, file, '/contracts', diagnostics);
  if (value.plan !== undefined) {
    const plan = parsePlan(value.plan, file, '/plan', diagnostics);
    if (plan) report.plan = plan;
  }
  if (Array.isArray(value.stale) && value.stale.every((s) => typeof s === 'string')) report.stale = value.stale as string[];
  else diagnostics.push(problem(file, '/stale', 'expected an array of file paths'));
  return { value: report, diagnostics };
}
