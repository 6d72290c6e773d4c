import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * graphql-js and GraphQL Inspector, required rather than imported. Both ship CommonJS that Node's ESM
 * loader handles slowly: it scans graphql-js's entry for its exports and links Inspector's 48 ES modules.
 * Loading both costs ~115 ms of CPU through `require` and ~190 ms through `import`, a sixth of diffing a
 * large schema pair. There is one graphql-js either way: an ESM import of it wraps this same module.
 */
export const graphqlJs = require('graphql') as typeof import('graphql');

/** GraphQL Inspector (its CommonJS build, which requires the same graphql-js). */
export function graphqlInspector(): typeof import('@graphql-inspector/core') {
  return require('@graphql-inspector/core') as typeof import('@graphql-inspector/core');
}
