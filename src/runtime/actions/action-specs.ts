import type { ActionSpec } from './model.js';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The actions of an applied Integration spec. Specs were validated when planned; they are read
 * defensively anyway, and an entry without `on` or `call` is ignored rather than trusted.
 */
export function readActions(spec: Record<string, unknown>): ActionSpec[] {
  if (!Array.isArray(spec.actions)) return [];
  return spec.actions.flatMap((a): ActionSpec[] => {
    if (!isObject(a) || typeof a.on !== 'string' || typeof a.call !== 'string') return [];
    const out: ActionSpec = { on: a.on, call: a.call, with: isObject(a.with) ? a.with : {} };
    if (isObject(a.emit) && typeof a.emit.event === 'string') out.emit = { event: a.emit.event, with: isObject(a.emit.with) ? a.emit.with : {} };
    return [out];
  });
}
