import { parentPort, workerData } from 'node:worker_threads';
import { fuzzContext, runCase, type FuzzOptions } from './cases.js';

/** Runs cases [from, to) and reports each one, so the parent can tell a hang from slow progress. */
const { options, from, to } = workerData as { options: FuzzOptions; from: number; to: number };
const ctx = fuzzContext(options);
for (let index = from; index < to; index++) {
  parentPort!.postMessage({ type: 'start', index });
  const { target, outcome } = await runCase(ctx, index);
  parentPort!.postMessage({ type: 'done', index, target, outcome });
}
parentPort!.postMessage({ type: 'end' });
