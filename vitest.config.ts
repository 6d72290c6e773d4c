import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Node resolves `graphql` to its CommonJS build, Vite to its ES build: two instances, and a schema of one
  // is "from another realm" to the other. The contract model builds each schema once for every stage (and
  // GraphQL Inspector loads the CommonJS build), so tests resolve `graphql` as Node does.
  // The Probe SDK's generated client imports the adapter runtime by the package's public name (its source here).
  resolve: {
    alias: [
      { find: /^graphql$/, replacement: 'graphql/index.js' },
      { find: /^interlock\/adapter-runtime$/, replacement: new URL('./src/adapter-runtime/index.ts', import.meta.url).pathname },
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'tools/**/*.test.ts', 'fuzz/**/*.test.ts', 'packages/*/src/**/*.test.ts'],
    // Hang guards, not speed goals: tests wait on conditions, and on a shared two-core machine a test that
    // spawns runtimes and databases may take minutes. Speed goals live in `npm run bench`.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
