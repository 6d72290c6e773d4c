import type { Operation } from '../../contract/openapi/operations.js';

/** `count` operations spread evenly over the description (deterministic), preferring ones with a 2xx response. */
export function sampleOperations(all: Operation[], count: number): Operation[] {
  const ops = all.filter((o) => [...o.responses.keys()].some((s) => /^2/.test(s)));
  const step = Math.max(1, Math.floor(ops.length / count));
  return ops.filter((_, i) => i % step === 0).slice(0, count);
}
