import type { CommandDescriptor, RegisterCommand } from '../context.js';

/**
 * Every CLI command, explicitly and in help order. A descriptor carries what `interlock --help` lists; the
 * command's module (and everything it pulls in: stores, NATS, Octokit, Handlebars, ajv…) is imported only
 * when that command runs or shows its own help, so start-up does not pay for the commands it does not run.
 * `usage` and `summary` must match what the module registers (index.test.ts compares them).
 */
export const commands: readonly CommandDescriptor[] = [
  { name: 'init', usage: '[options]', summary: 'Scaffold a workspace here: interlock.yaml, policies, one vendor and integration, workflows, editor settings', load: async () => (await import('./init.js')).registerInit },
  { name: 'new', summary: 'Start a new resource from a template', load: async () => (await import('./new.js')).registerNew },
  { name: 'import', usage: '[options] <kind> <source>', summary: 'Start a contract from a vendor\'s published API description, trimmed to the operations you use', load: async () => (await import('./import.js')).registerImport },
  { name: 'validate', usage: '[options]', summary: 'Check every manifest against its schema, secrets and cross-references', load: async () => (await import('./validate.js')).registerValidate },
  { name: 'check', usage: '[options]', summary: 'The CI gate: validate, contract compatibility against --base, governance policy, generated adapters, CODEOWNERS and the plan', load: async () => (await import('./check.js')).registerCheck },
  { name: 'policy', usage: '[options]', summary: 'Check governance policy: risk tiers, onboarding gate, approvals, classification, retention, residency, transport, erasure, expiries', load: async () => (await import('./policy.js')).registerPolicy },
  { name: 'diff', usage: '[options] <base> <head>', summary: 'Compare two contract files (OpenAPI 2.0/3.0/3.1 or GraphQL SDL) and report breaking changes', load: async () => (await import('./diff.js')).registerDiff },
  { name: 'generate', usage: '[options]', summary: 'Write typed adapters for every integration into generated/ (with --check: fail when generated/ is stale)', load: async () => (await import('./generate.js')).registerGenerate },
  { name: 'plan', usage: '[options]', summary: 'Compare the workspace with the runtime and show what apply would change', load: async () => (await import('./plan.js')).registerPlan },
  { name: 'apply', usage: '[options] [plan-file]', summary: 'Apply a saved plan, or plan the workspace and apply it, to the runtime', load: async () => (await import('./apply.js')).registerApply },
  { name: 'drift', usage: '[options]', summary: 'Report out-of-band changes: the runtime against the commit it last applied (exit 1 on drift)', load: async () => (await import('./drift.js')).registerDrift },
  { name: 'reconcile', usage: '[options]', summary: 'Converge the runtime to the latest commit of a branch, once or --watch (self-heal)', load: async () => (await import('./reconcile.js')).registerReconcile },
  { name: 'report', summary: 'Publish or convert the gate report (github, sarif, markdown, drift-issue), or summarise a month (monthly)', load: async () => (await import('./report.js')).registerReport },
  { name: 'codeowners', usage: '[options]', summary: 'Write (or --check) the CODEOWNERS entries that route vendor-risk and privacy reviews', load: async () => (await import('./codeowners.js')).registerCodeowners },
  { name: 'runtime', summary: 'Run the integration runtime and manage its access tokens', load: async () => (await import('./runtime.js')).registerRuntime },
  { name: 'audit', summary: 'The runtime’s hash-chained audit log', load: async () => (await import('./audit.js')).registerAudit },
  { name: 'events', summary: 'Send events to the runtime', load: async () => (await import('./events.js')).registerEvents },
  { name: 'deliveries', summary: 'Outbound webhook deliveries: log, replay, error rates', load: async () => (await import('./deliveries.js')).registerDeliveries },
  { name: 'calls', summary: "Vendor operations called by Integrations' actions: the call log", load: async () => (await import('./calls.js')).registerCalls },
  { name: 'jobs', summary: 'Scheduled jobs in the runtime: list, run now, run history', load: async () => (await import('./jobs.js')).registerJobs },
  { name: 'exports', summary: 'Scheduled exports to S3 or a folder: list, run a window, history', load: async () => (await import('./exports.js')).registerExports },
  { name: 'streams', summary: 'Stream sinks in the runtime: engine, cursor, published count, last error', load: async () => (await import('./streams.js')).registerStreams },
  { name: 'trust', usage: '[options]', summary: 'Trust score (0–100) of every connector with its penalties and recent history (docs/trust-score.md)', load: async () => (await import('./monitor.js')).registerTrust },
  { name: 'alerts', summary: 'Alerts raised by the monitor: sustained 5xx, unhealthy integrations, expiring evidence, vendor spec drift', load: async () => (await import('./monitor.js')).registerAlerts },
  { name: 'erasure', summary: 'Data-subject erasure requests: file one, follow its connector steps, export the evidence', load: async () => (await import('./erasure.js')).registerErasure },
  { name: 'mock', usage: '[options] <contract>', summary: 'Serve a contract (workspace contract name or OpenAPI/GraphQL file) as a validating mock on loopback', load: async () => (await import('./mock.js')).registerMock },
  { name: 'sandbox', usage: '[options]', summary: 'Run the workspace on this machine: a throw-away runtime, a mock per integration, everything applied; stops on Ctrl-C', load: async () => (await import('./sandbox.js')).registerSandbox },
];

/** Every command's registration, in help order: for the docs generator and the docs tests, which need them all. */
export async function loadAllCommands(): Promise<RegisterCommand[]> {
  return Promise.all(commands.map((c) => c.load()));
}
