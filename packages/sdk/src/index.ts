export { createProbe, ProbeSendError, SDK_API_VERSION, type Evidence, type Probe, type ProbeKey, type ProbeOptions } from './probe.js';
// The generated client (every operation the SDK's integration uses) and the adapter runtime's errors.
export * from '../workspace/generated/probe/index.js';
