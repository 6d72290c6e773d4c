/**
 * Boundary lint (`npm run lint`, part of `npm test`): the source layout of docs/architecture.md as rules.
 * Stages are listed in data-flow order; a stage may import itself and earlier stages, never a later one.
 */
const STAGES = ['core', 'load', 'contract', 'mock', 'validate', 'compat', 'policy', 'init', 'generate', 'plan', 'apply', 'engine', 'report', 'github', 'runtime-client', 'runtime', 'sandbox', 'cli'];

const stageOrder = STAGES.slice(0, -1).map((stage, i) => ({
  name: `stage-order/${stage}`,
  severity: 'error',
  comment: `src/${stage}/ may import only ${STAGES.slice(0, i + 1).join(', ')}: a stage never imports a later stage`,
  from: { path: `^src/${stage}/` },
  to: { path: `^src/(${STAGES.slice(i + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...stageOrder,
    {
      name: 'adapter-runtime-standalone',
      severity: 'error',
      comment: 'src/adapter-runtime/ runs inside users\' generated adapters (interlock/adapter-runtime): it imports nothing else of Interlock',
      from: { path: '^src/adapter-runtime/' },
      to: { path: '^src/', pathNot: '^src/adapter-runtime/' },
    },
    {
      name: 'cli-command-imports-command',
      severity: 'error',
      comment: 'CLI commands are thin and never import each other; shared CLI code lives in src/cli/*.ts, shared logic in src/engine/',
      from: { path: '^src/cli/commands/([^/]+)\\.ts$', pathNot: '^src/cli/commands/index\\.ts$' },
      to: { path: '^src/cli/commands/', pathNot: '^src/cli/commands/$1\\.ts$' },
    },
    {
      name: 'product-imports-test-helper',
      severity: 'error',
      comment: 'shipped code (src/) never imports a test, a test helper (test/) or a fixture',
      from: { path: '^src/', pathNot: '\\.test\\.ts$|/__fixtures__/' },
      to: { path: '^test/|\\.test\\.ts$|/__fixtures__/' },
    },
    {
      name: 'product-imports-dev-dependency',
      severity: 'error',
      comment: 'shipped code (src/) never imports a devDependency (vitest, test fakes): it is not installed for users; an optional peer (also a devDependency, for the tests) is imported only where its absence is handled',
      from: { path: '^src/', pathNot: '\\.test\\.ts$|/__fixtures__/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['npm-peer'] },
    },
    {
      name: 'optional-peer-loaded-by-its-sink',
      severity: 'error',
      comment: 'an optional peer dependency (@google-cloud/pubsub) may be missing where interlock is installed: only the sink that loads it dynamically, and reports its absence, names it',
      from: { path: '^src/', pathNot: '^src/runtime/streams/pubsub-sink\\.ts$' },
      to: { dependencyTypes: ['npm-peer'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$|/__fixtures__/|^dist/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
