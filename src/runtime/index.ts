/** The integration runtime's library entry: start it, talk to it, and the shapes it speaks. */
export { startRuntime, type RunningRuntime, type StartRuntimeOptions } from './start.js';
export {
  RuntimeClient,
  RuntimeApiError,
  RuntimeAuthError,
  RuntimeBadRequestError,
  RuntimeConflictError,
  RuntimeNotFoundError,
  RuntimeUnreachableError,
  type RuntimeClientOptions,
} from '../runtime-client/index.js';
export { loadRuntimeConfig, runtimeEndpoint, DEFAULT_RUNTIME_URL, type RuntimeConfig } from './config.js';
export { openStore, type Store, type StoreLocation } from './store/store.js';
export { specHash, canonicalJson } from '../core/canonical-json.js';
export { verifyAuditChain } from './audit/chain.js';
export * from './model.js';
export type { ProblemDocument } from './problem.js';
