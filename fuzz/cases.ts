import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Outcome } from './outcome.js';
import { caseSeed, Random } from './random.js';
import { contractSeeds, workspaceSeed, type SeedFile } from './seeds.js';
import { adminPipeline, fuzzAdminRequest, type AdminPipeline } from './targets/admin-request.js';
import { fuzzDiff } from './targets/diff.js';
import { fuzzValidate } from './targets/validate.js';

export const TARGETS = ['diff', 'validate', 'admin-request'] as const;
export type Target = (typeof TARGETS)[number];

export interface FuzzOptions {
  /** The run's seed: case `i` is fully determined by (seed, i). */
  seed: number;
  /** Deepest nesting a mutation adds; past the loaders' 256-level bound in the long run. */
  maxDepth: number;
  /** The repository root (example contracts, the e2e workspace, `../shared/corpus`). */
  root: string;
  /** A scratch directory for the files of a case. */
  scratch: string;
}

/** Everything a run reads once: the seeds and the admin API's compiled pipeline. */
export interface FuzzContext {
  options: FuzzOptions;
  contracts: SeedFile[];
  workspace: Map<string, string>;
  admin: AdminPipeline;
}

export function fuzzContext(options: FuzzOptions): FuzzContext {
  mkdirSync(options.scratch, { recursive: true });
  return { options, contracts: contractSeeds(options.root), workspace: workspaceSeed(options.root), admin: adminPipeline() };
}

/** Which target case `index` exercises: diff 4, validate 3, admin request 3 in every 10. */
export function targetOf(index: number): Target {
  const slot = index % 10;
  return slot < 4 ? 'diff' : slot < 7 ? 'validate' : 'admin-request';
}

/** Runs case `index`. */
export async function runCase(ctx: FuzzContext, index: number): Promise<{ target: Target; outcome: Outcome }> {
  const rng = new Random(caseSeed(ctx.options.seed, index));
  const target = targetOf(index);
  const { maxDepth, scratch } = ctx.options;
  if (target === 'diff') {
    const dir = path.join(scratch, 'diff');
    mkdirSync(dir, { recursive: true });
    return { target, outcome: await fuzzDiff(rng, ctx.contracts, dir, maxDepth) };
  }
  if (target === 'validate') return { target, outcome: await fuzzValidate(rng, ctx.workspace, path.join(scratch, 'workspace'), maxDepth) };
  return { target, outcome: fuzzAdminRequest(rng, ctx.admin, maxDepth) };
}
