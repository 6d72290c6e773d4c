/**
 * The pull-request gate as data: everything `runGate` found in one run (validation, compatibility,
 * policy, generated-adapter and CODEOWNERS staleness, the plan when a runtime was given). `interlock
 * check --report FILE` writes it; `interlock report github|markdown|sarif` read it.
 *
 * Field reference: docs/github.md ("The gate report").
 */
import type { Diagnostic } from '../core/diagnostic.js';
import type { Change } from '../compat/change.js';

/** Bumped when a field changes meaning or goes away; readers refuse other versions. */
export const GATE_REPORT_FORMAT_VERSION = 1;

/** One compatibility change as the gate reports it: compat's `Change` plus whether it was announced. */
export interface GateChange extends Omit<Change, 'data' | 'messageId'> {
  /** The template the message is rendered from; absent in reports of earlier versions. */
  messageId?: string;
  /** The rendered sentence (report/compat-change-message.ts), in the published report. */
  message?: string;
  /** The contract's major version was bumped and its `announcements` acknowledge this change. */
  announced?: boolean;
  data?: Record<string, unknown>;
  /** URL of the rule's documentation (docs/compat/rules.md#<id>), in the published report. */
  docs?: string;
}

/** The changes of one contract between the base revision and the head. */
export interface ContractChanges {
  /** Contract name (the Contract manifest's `metadata.name`), when known. */
  contract?: string;
  /** The API description file in the head (or in the base, when it was removed); a DataContract's manifest. */
  file: string;
  /** Set for a DataContract (a record we export or stream); absent for a Contract. */
  kind?: 'DataContract';
  baseVersion?: string;
  headVersion?: string;
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

/** What the gate looked at, so a clean run says more than "no problems". */
export interface GateChecked {
  vendors: number;
  integrations: number;
  contracts: number;
  dataContracts: number;
  policies: number;
  /** The workspace commits generated adapters, and they were compared with what `generate` would write. */
  generated: boolean;
  /** The CODEOWNERS file compared with the workspace, when asked. */
  codeowners?: string;
  /** Approvals added by the change were verified against reviews from this source. */
  approvals?: string;
}

export interface GateReport {
  formatVersion: typeof GATE_REPORT_FORMAT_VERSION;
  /** The base revision the check compared against (`origin/main`). */
  base?: string;
  checked?: GateChecked;
  /** Validation, policy, approval, CODEOWNERS and plan findings (compat changes travel in `contracts`). */
  diagnostics: Diagnostic[];
  /** Compatibility changes, grouped by contract file. */
  contracts: ContractChanges[];
  plan?: GatePlan;
  /** Generated files (and CODEOWNERS) that differ from what the workspace would write. */
  stale: string[];
  /** Some finding is an error (before the pull request's labels are applied: see `report github`). */
  failed: boolean;
}

export function emptyGateReport(): GateReport {
  return { formatVersion: GATE_REPORT_FORMAT_VERSION, diagnostics: [], contracts: [], stale: [], failed: false };
}

/** Every change with the contract file it belongs to. */
export function allChanges(report: GateReport): { file: string; contract?: string; change: GateChange }[] {
  return report.contracts.flatMap((c) => c.changes.map((change) => ({ file: c.file, ...(c.contract ? { contract: c.contract } : {}), change })));
}
