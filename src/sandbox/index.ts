/** `interlock sandbox` as a library: a workspace run end to end on one machine against mocks of its vendors. */
export { startSandbox, type RunningSandbox, type SandboxIntegration, type SandboxOptions, type SandboxRefused } from './start-sandbox.js';
export { sandboxIntegrationSpec, sandboxResources, type SandboxRewrite, type SandboxTarget } from './overlay.js';
export { sandboxSecrets, SANDBOX_SECRET_MARK } from './secrets.js';
