export { validateWorkspace } from './validate-workspace.js';
export type { WorkspaceModel } from './model.js';
export { contractSourcePath, ofKind, policyOf } from './model.js';
export type { ApiDescription, ApiOperation } from '../contract/api-description.js';
export { checkedCounts, type CheckedCounts } from './checked.js';
export { redactedSourceText, redactText, type RedactedText } from './redact.js';
