import { hasErrors, type Diagnostic } from '../core/diagnostic.js';
import type { SourceText } from '../core/document.js';
import type { StateSnapshot } from '../core/runtime-api.js';
import { checkWorkspaceCompat, type ContractCompat } from '../compat/workspace-compat.js';
import { generatedInWorkspace } from '../generate/index.js';
import { readGitInfo } from '../load/git-info.js';
import type { GuardOptions } from '../plan/guard.js';
import type { Plan } from '../plan/plan.js';
import { runPolicies } from '../policy/index.js';
import type { WorkspaceModel } from '../validate/model.js';
import { gatePlan, openApiValidity, staleCodeowners, staleGenerated, toContractChanges, type CodeownersCheck } from './gate-stages.js';
import { emptyGateReport, type GateReport } from './gate-report.js';
import { loadModel } from './load-workspace.js';
import { planLoaded } from './plan-workspace.js';

/** Verifies the approvals a change adds (e.g. against the pull request's reviews); the CLI passes GitHub. */
export interface ApprovalsPort {
  /** Names the source in the report ("github"). */
  source: string;
  verify(base: WorkspaceModel, head: WorkspaceModel): Promise<{ author?: string; diagnostics: Diagnostic[] }>;
}

export interface GateOptions {
  /** The workspace directory (a git work tree when `base` is given). */
  dir: string;
  /** Git revision to compare contracts (and approvals) against, e.g. `origin/main`. */
  base?: string;
  /** Date sunsets and expiries are judged against. */
  now: Date;
  /** The change's author: nobody approves their own change. */
  author?: string;
  /** Approvals added since `base` must be backed by reviews; needs `base`. */
  approvals?: ApprovalsPort;
  /** Compare CODEOWNERS' generated block with the workspace. */
  codeowners?: CodeownersCheck;
  /**
   * Plan the working tree against this runtime state; `unavailable` says why the state could not be read
   * (the gate still reports everything else, with that as an error).
   */
  plan?: { state: StateSnapshot; workspaceId: string; guard?: GuardOptions; now?: () => Date } | { unavailable: string };
}

export interface GateRun {
  report: GateReport;
  /** Every finding, stale files included, for text renderers; compat's changes are in `compat`. */
  diagnostics: Diagnostic[];
  /** Each changed contract's changes, after usage and announcements. */
  compat: ContractCompat[];
  /** The full plan, when one was asked for and could be made (for `apply` to apply exactly it). */
  plan?: Plan;
  /** Text of workspace files (head, then base) for codeframes, literal secrets masked. */
  sourceText: SourceText;
}

/**
 * The pull-request gate, loading each revision of the workspace once: validation of the working tree;
 * with `base`, compatibility of every contract that changed since (announcements and usage applied) and
 * verified approvals; governance policy; staleness of committed generated adapters and of CODEOWNERS;
 * and the plan against a runtime when its state is given. Returns values; never prints or exits.
 */
export async function runGate(options: GateOptions): Promise<GateRun> {
  if (options.approvals && !options.base) throw new Error('runGate: approvals are verified against a base revision');
  const head = await loadModel(options.dir);
  const base = options.base ? await loadModel(options.dir, options.base) : undefined;
  const validity = await openApiValidity(head);
  const diagnostics: Diagnostic[] = [...head.diagnostics, ...validity];
  const report = emptyGateReport();
  let compat: ContractCompat[] = [];
  if (base) {
    const compared = await checkWorkspaceCompat({ base: base.model, head: head.model, now: options.now });
    compat = compared.value;
    // A changed description's validity warnings come back from compat too; each is reported once.
    const judged = new Set(validity.map(diagnosticKey));
    diagnostics.push(...compared.diagnostics.filter((d) => !judged.has(diagnosticKey(d))));
    report.base = options.base;
    report.contracts = compat.map(toContractChanges(head));
  }
  let author = options.author;
  if (options.approvals && base) {
    const verified = await options.approvals.verify(base.model, head.model);
    author ??= verified.author;
    diagnostics.push(...verified.diagnostics);
  }
  const policy = await runPolicies(head.model, { now: options.now, ...(author ? { author } : {}) });
  diagnostics.push(...policy.diagnostics);
  const generated = staleGenerated(head);
  diagnostics.push(...generated.diagnostics);
  const codeowners = options.codeowners ? staleCodeowners(options.dir, head, options.codeowners) : [];
  diagnostics.push(...codeowners);
  report.stale = [...generated.files, ...codeowners.filter((d) => d.code === 'codeowners/stale').map((d) => d.location?.file ?? '')];
  let plan: Plan | undefined;
  if (options.plan && 'unavailable' in options.plan) {
    diagnostics.push({ severity: 'error', code: 'plan/runtime-unavailable', message: `No plan: ${options.plan.unavailable}` });
  } else if (options.plan && !hasErrors(head.diagnostics)) {
    const planned = await planLoaded({ ...head, diagnostics: [] }, await readGitInfo(options.dir, 'HEAD'), options.plan);
    diagnostics.push(...planned.diagnostics);
    plan = planned.plan;
    if (plan) report.plan = gatePlan(plan);
  }
  // Compat findings tied to a contract change travel in `contracts`, stale files in `stale`; the rest
  // (e.g. an operation document that no longer validates against the head schema) stay diagnostics.
  report.diagnostics = diagnostics.filter((d) => (!d.code.startsWith('compat/') || d.data?.rule === undefined) && !d.code.endsWith('/stale'));
  const m = head.model;
  // Counted from the documents, not the model: a manifest that failed validation is left out of the
  // model but was checked, and "Checked 1 vendor" beside a second, invalid vendor.yaml misleads.
  const documents = manifestsByKind(m);
  report.checked = {
    vendors: Math.max(m.vendors.size, documents.get('Vendor') ?? 0),
    integrations: Math.max(m.integrations.size, documents.get('Integration') ?? 0),
    contracts: Math.max(m.contracts.size, documents.get('Contract') ?? 0),
    dataContracts: Math.max(m.dataContracts.size, documents.get('DataContract') ?? 0),
    policies: m.policies.length,
    generated: generatedInWorkspace(m.workspace.files).size > 0,
    ...(options.codeowners ? { codeowners: options.codeowners.file } : {}),
    ...(options.approvals ? { approvals: options.approvals.source } : {}),
  };
  // A breaking change left after usage and announcements fails the gate (report/ renders it as an error).
  report.failed = hasErrors(diagnostics) || compat.some((c) => c.changes.some((change) => change.level === 'breaking'));
  return { report, diagnostics, compat, ...(plan ? { plan } : {}), sourceText: (file) => head.sourceText(file) ?? base?.sourceText(file) };
}

function manifestsByKind(m: WorkspaceModel): Map<string, number> {
  const counts = new Map<string, number>();
  for (const doc of m.workspace.manifests) {
    const kind = (doc.value as { kind?: unknown } | null)?.kind;
    if (typeof kind === 'string') counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return counts;
}

function diagnosticKey(d: Diagnostic): string {
  const l = d.location;
  return [d.severity, d.code, l?.file, l?.pointer, l?.line, d.message].join('\u0000');
}
