/** The integration runtime's library entry: start it, talk to it, and the shapes it speaks. */
export { startRuntime, type RunningRuntime, type StartRuntimeOptions } from './start.js';
// The one runtime client, its errors and where to find a runtime, as src/runtime-client/ exports them.
export * from '../runtime-client/index.js';
export { loadRuntimeConfig, type RuntimeConfig } from './config.js';
export { openStore, type Store, type StoreLocation } from './store/store.js';
export { specHash, canonicalJson } from '../core/canonical-json.js';
export { verifyAuditChain } from './audit/chain.js';
export * from './model.js';
export type { ProblemDocument } from './problem.js';
