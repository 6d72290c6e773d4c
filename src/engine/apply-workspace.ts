import type { ApplyProgress, ApplyReport, CanaryRunner } from '../apply/apply-plan.js';
import { applyPlan } from '../apply/apply-plan.js';
import { canaryConfig, type CanaryConfig } from '../apply/canary.js';
import { runCanary } from '../apply/canary-controller.js';
import { deliveryCanaryTarget, type CanaryLever } from '../apply/delivery-canary-target.js';
import type { RuntimeApi } from '../apply/runtime-api.js';
import { filesBeforeCommit, readGitInfo, type CommitFile } from '../load/git-info.js';
import type { GuardOptions } from '../plan/guard.js';
import type { Plan, PlannedChange } from '../plan/plan.js';

/** What the incident port is asked to open after an automatic canary rollback. */
export interface RollbackIncident {
  /** `Kind/name` of the integration whose canary was rolled back. */
  resource: string;
  /** The commit that introduced the version that failed. */
  commit: string;
  errorRate: number;
  maxErrorRate: number;
  /** Percent of events the canary had when it was rolled back. */
  weight: number;
  /** The files to put back as they were before `commit`. */
  files: CommitFile[];
}

/**
 * Where a rollback is reported so git stays the truth (GitHub: an incident issue and a revert pull
 * request). Injected, so the engine never talks to GitHub itself and tests pass a fake.
 */
export interface IncidentPort {
  openRollbackIncident(incident: RollbackIncident): Promise<{ issueUrl: string; pullRequestUrl: string }>;
}

/** Canary milestones, for a caller that shows progress. */
export type CanaryEvent =
  | { type: 'start'; resource: string; config: CanaryConfig }
  | { type: 'advance'; resource: string; weight: number };

export interface ApplyWorkspaceOptions {
  plan: Plan;
  api: RuntimeApi;
  /** The workspace (a git work tree): the commit's author and, on rollback, the files to revert. */
  dir: string;
  /** The runtime's canary lever and delivery statistics. */
  lever: CanaryLever;
  /** Absent: a rollback is reported in the apply report only. */
  incidents?: IncidentPort;
  /** Who holds the lease while applying. */
  holder: string;
  leaseTtlSeconds: number;
  guard: GuardOptions;
  onProgress?(progress: ApplyProgress): void;
  onCanary?(event: CanaryEvent): void;
}

function rolloutOf(change: PlannedChange): { strategy?: string; steps?: number[]; maxErrorRate?: number; window?: string } | undefined {
  const rollout = change.after?.spec.rollout;
  return rollout !== null && typeof rollout === 'object' ? (rollout as { strategy?: string }) : undefined;
}

/**
 * Canary rollouts on the runtime's delivery lever for integration updates with `rollout.strategy: canary`.
 * On a rollback of a plan with a commit, the incident port opens an incident and a revert of that commit.
 */
function canaryRunner(o: ApplyWorkspaceOptions): CanaryRunner {
  const { plan, lever } = o;
  return {
    wants: (c) => c.kind === 'Integration' && rolloutOf(c)?.strategy === 'canary',
    run: async (c) => {
      const resource = `${c.kind}/${c.name}`;
      const config = canaryConfig(rolloutOf(c) ?? {});
      o.onCanary?.({ type: 'start', resource, config });
      let detail: string | undefined;
      const state = await runCanary({
        config,
        target: deliveryCanaryTarget(lever, c.name, c.after!.spec),
        pollMs: Math.max(200, Math.min(5000, Math.floor(config.windowMs / 4))),
        onDecision: (d) => {
          if (d.type === 'advance') o.onCanary?.({ type: 'advance', resource, weight: d.weight });
        },
        onRollback: async (d) => {
          detail = `error rate ${(d.errorRate * 100).toFixed(1)}% > ${(d.maxErrorRate * 100).toFixed(1)}% at ${d.weight}%`;
          if (!o.incidents || !plan.commit) return;
          const commit = plan.commit;
          // The rollback has happened; a failure to report it must not hide it or the rest of the apply report.
          const incident = await filesBeforeCommit(o.dir, commit)
            .then((files) => o.incidents!.openRollbackIncident({ resource, commit, errorRate: d.errorRate, maxErrorRate: d.maxErrorRate, weight: d.weight, files }))
            .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
          detail += incident instanceof Error ? `; opening the incident on GitHub failed: ${incident.message}` : `; incident ${incident.issueUrl}, revert ${incident.pullRequestUrl}`;
        },
      });
      return { promoted: state.phase === 'promoted', detail };
    },
    finish: (c) => lever.clearCanary(c.name).catch(() => undefined),
  };
}

/** Applies `plan` to the runtime under a lease, integration updates with a canary rollout first watched. */
export async function applyWorkspacePlan(o: ApplyWorkspaceOptions): Promise<ApplyReport> {
  const git = o.plan.commit ? await readGitInfo(o.dir, o.plan.commit).catch(() => null) : null;
  return applyPlan(o.plan, o.api, {
    holder: o.holder,
    leaseTtlSeconds: o.leaseTtlSeconds,
    commit: o.plan.commit,
    author: git?.author,
    guard: o.guard,
    canary: canaryRunner(o),
    onProgress: o.onProgress,
  });
}
