import type { Diagnostic } from '../core/diagnostic.js';
import { changeId, type Plan } from './plan.js';

export interface GuardOptions {
  /** Most deletes a plan may hold without an explicit allowance. */
  maxDeletes: number;
  /** Largest share (0–1) of the workspace's resources in the runtime a plan may delete without an allowance. */
  maxDeleteShare: number;
  /** `--allow-deletes N`: up to N deletes pass whatever the count and share rules say. */
  allowDeletes?: number;
}

export const DEFAULT_GUARD: GuardOptions = { maxDeletes: 10, maxDeleteShare: 0.5 };

/**
 * Refuses plans that are more likely a mistake than an intent: an empty desired state (a wrong
 * directory or branch would otherwise wipe the runtime), and more deletes than the guard allows.
 */
export function checkPlanSafety(plan: Plan, options: GuardOptions = DEFAULT_GUARD): Diagnostic[] {
  const out: Diagnostic[] = [];
  const desired = plan.changes.filter((c) => c.action !== 'delete' && c.reason !== 'protected').length;
  if (desired === 0) {
    out.push({
      severity: 'error',
      code: 'plan/empty-desired-state',
      message: 'The workspace declares no resources for the runtime; refusing a plan that would leave it empty',
      data: { owned: plan.changes.filter((c) => c.before !== null).length },
    });
  }
  const deletes = plan.changes.filter((c) => c.action === 'delete');
  if (!deletes.length) return out;
  const inRuntime = plan.changes.filter((c) => c.before !== null).length;
  const share = inRuntime ? deletes.length / inRuntime : 1;
  const data = { deletes: deletes.length, owned: inRuntime, share, resources: deletes.map(changeId) };
  if (options.allowDeletes !== undefined) {
    if (deletes.length > options.allowDeletes) {
      out.push({
        severity: 'error',
        code: 'plan/deletion-guard',
        message: `The plan deletes ${deletes.length} resources, more than --allow-deletes ${options.allowDeletes}`,
        data: { ...data, allowDeletes: options.allowDeletes },
      });
    }
    return out;
  }
  if (deletes.length > options.maxDeletes || share > options.maxDeleteShare) {
    out.push({
      severity: 'error',
      code: 'plan/deletion-guard',
      message:
        `The plan deletes ${deletes.length} of ${inRuntime} resources this workspace owns in the runtime ` +
        `(limits: ${options.maxDeletes} resources, ${Math.round(options.maxDeleteShare * 100)}%); pass --allow-deletes ${deletes.length} if that is intended`,
      data: { ...data, maxDeletes: options.maxDeletes, maxDeleteShare: options.maxDeleteShare },
    });
  }
  return out;
}
