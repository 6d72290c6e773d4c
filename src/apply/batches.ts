import { kindLevel } from '../plan/kinds.js';
import { changeId, type Plan, type PlannedChange } from '../plan/plan.js';
import type { RuntimeChange } from './runtime-api.js';

/** One POST /v1/apply: runtime changes, each tied to the planned change it carries out. */
export interface Batch {
  level: number;
  phase: 'replace-delete' | 'upsert' | 'delete';
  items: { planned: string; change: RuntimeChange }[];
}

function upsertOf(c: PlannedChange, action: 'create' | 'update'): RuntimeChange {
  const after = c.after!;
  return { action, kind: c.kind, name: c.name, spec: after.spec, labels: after.labels, protect: after.protect };
}

/**
 * Cuts a plan into apply batches: per dependency level, the deletes half of replacements, then creates
 * and updates (a batch may name a resource only once, so a replacement spans two batches); then deletes
 * level by level in reverse. Each group is split into batches of at most `batchSize` changes.
 */
export function planBatches(plan: Plan, batchSize: number): Batch[] {
  const groups = new Map<string, Batch>();
  const group = (level: number, phase: Batch['phase']): Batch => {
    const order = phase === 'delete' ? 2000 - level : level * 2 + (phase === 'replace-delete' ? 0 : 1);
    const key = String(order).padStart(5, '0');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { level, phase, items: [] }));
    return g;
  };
  for (const c of plan.changes) {
    const level = kindLevel(c.kind);
    const id = changeId(c);
    if (c.action === 'create') group(level, 'upsert').items.push({ planned: id, change: upsertOf(c, 'create') });
    else if (c.action === 'update') group(level, 'upsert').items.push({ planned: id, change: upsertOf(c, 'update') });
    else if (c.action === 'replace') {
      group(level, 'replace-delete').items.push({ planned: id, change: { action: 'delete', kind: c.kind, name: c.name } });
      group(level, 'upsert').items.push({ planned: id, change: upsertOf(c, 'create') });
    } else if (c.action === 'delete') group(level, 'delete').items.push({ planned: id, change: { action: 'delete', kind: c.kind, name: c.name } });
  }
  const out: Batch[] = [];
  for (const key of [...groups.keys()].sort()) {
    const g = groups.get(key)!;
    for (let i = 0; i < g.items.length; i += batchSize) out.push({ level: g.level, phase: g.phase, items: g.items.slice(i, i + batchSize) });
  }
  return out;
}
