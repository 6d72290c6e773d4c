import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { hasErrors, type Diagnostic } from '../core/diagnostic.js';
import type { ContractCompat } from '../compat/workspace-compat.js';
import { loadUsableOpenApi, workspaceRefReader } from '../contract/openapi/usable-openapi.js';
import { compareGenerated, generateAdapters, generatedInWorkspace, staleDiagnostics } from '../generate/index.js';
import type { Plan } from '../plan/plan.js';
import { computeCodeowners, diffCodeowners, mergeCodeowners, renderCodeownersBlock, type CodeownersRoles } from '../policy/codeowners.js';
import type { ContractChanges, GatePlan } from './gate-report.js';
import type { LoadedModel } from './load-workspace.js';

/**
 * Every OpenAPI description of the head judged against the OpenAPI schema, the same judgement `interlock
 * diff` makes (contract/openapi/usable-openapi.ts): schema-invalid but usable is an `openapi-invalid`
 * warning. Unusable descriptions are validation's and compat's errors, not repeated here.
 */
export async function openApiValidity(head: LoadedModel): Promise<Diagnostic[]> {
  const { apis, workspace } = head.model;
  const out: Diagnostic[] = [];
  for (const api of apis.values()) {
    if (api.format !== 'openapi' || !api.doc || api.empty) continue;
    const judged = await loadUsableOpenApi(api.doc, { readRef: workspaceRefReader(workspace.apiDocuments), bytes: workspace.files.get(api.file)?.text?.length });
    out.push(...judged.diagnostics.filter((d) => d.code === 'openapi-invalid' && d.severity === 'warning'));
  }
  return out;
}

/**
 * `generate --check` as a stage of the gate: what `interlock generate` would write, against generated/,
 * one `generate/stale` error per adapter that differs. A workspace without generated/ does not commit
 * adapters, and is not checked.
 */
export function staleGenerated(head: LoadedModel): { files: string[]; diagnostics: Diagnostic[] } {
  const committed = generatedInWorkspace(head.model.workspace.files);
  if (committed.size === 0 || hasErrors(head.diagnostics)) return { files: [], diagnostics: [] };
  const generated = generateAdapters(head.model);
  if (hasErrors(generated.diagnostics)) return { files: [], diagnostics: [] };
  const drift = compareGenerated(generated.value.files, committed);
  return { files: [...drift.missing, ...drift.stale, ...drift.extra].sort(), diagnostics: staleDiagnostics(head.model, drift) };
}

export interface CodeownersCheck {
  /** The CODEOWNERS file, relative to the workspace (`.github/CODEOWNERS`). */
  file: string;
  /** The workspace's folder in the repository, when not the root. */
  pathPrefix?: string;
  roles?: CodeownersRoles;
}

/** `codeowners --check` as a stage of the gate: the generated block of CODEOWNERS against the workspace. */
export function staleCodeowners(dir: string, head: LoadedModel, check: CodeownersCheck): Diagnostic[] {
  // Entries from a half-valid workspace would silently drop owners; validation already fails the gate.
  if (hasErrors(head.diagnostics)) return [];
  const computed = computeCodeowners(head.model, { ...(check.roles ? { roles: check.roles } : {}), ...(check.pathPrefix ? { pathPrefix: check.pathPrefix } : {}) });
  const block = renderCodeownersBlock(computed.value);
  const full = path.resolve(dir, check.file);
  const existing = existsSync(full) ? readFileSync(full, 'utf8') : undefined;
  if (existing === mergeCodeowners(existing, block)) return computed.diagnostics;
  const diff = diffCodeowners(existing, block);
  const why = existing === undefined ? 'does not exist' : `differs from the workspace (${diff.missing.length} line(s) missing, ${diff.unexpected.length} unexpected)`;
  return [
    ...computed.diagnostics,
    { severity: 'error', code: 'codeowners/stale', message: `${check.file} ${why}; run \`interlock codeowners\` and commit it`, location: { file: check.file, line: 1, column: 1 }, data: { missing: diff.missing, unexpected: diff.unexpected } },
  ];
}

/** The plan as the gate shows it: the summary, and every delete or replace spelled out. */
export function gatePlan(plan: Plan): GatePlan {
  return {
    summary: { add: plan.summary.add, change: plan.summary.change, destroy: plan.summary.destroy },
    deletes: plan.changes.filter((c) => c.action === 'delete' || c.action === 'replace').map((c) => ({ kind: c.kind, name: c.name, action: c.action as 'delete' | 'replace', reason: c.reason })),
    runtimeRevision: plan.runtimeRevision,
  };
}

/** Compat's changes as the gate groups them; `report/` renders each change's sentence when it publishes. */
export function toContractChanges(head: LoadedModel) {
  return (c: ContractCompat): ContractChanges => ({
    contract: c.contract,
    file: c.file ?? head.model.apis.get(c.contract)?.file ?? c.contract,
    ...(c.kind === 'DataContract' ? { kind: c.kind } : {}),
    baseVersion: c.baseVersion,
    headVersion: c.headVersion,
    changes: c.changes.map((change) => ({ ...change, ...(change.status === 'announced' ? { announced: true } : {}) })),
  });
}
