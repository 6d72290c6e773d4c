import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'tools/**/*.test.ts', 'fuzz/**/*.test.ts'],
    // Hang guards, not speed goals: tests wait on conditions, and on a shared two-core machine a test that
    // spawns runtimes and databases may take minutes. Speed goals live in `npm run bench`.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
