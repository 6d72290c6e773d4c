/**
 * The engine: the library API the CLI (and anything else embedding Interlock) calls. It returns values
 * and never prints, exits or reads the environment; the runtime and GitHub come in as ports.
 */
export { loadModel, type LoadedModel } from './load-workspace.js';
export { planWorkspace, type PlanWorkspaceOptions, type UnplannableWorkspace, type WorkspacePlan } from './plan-workspace.js';
export { applyWorkspacePlan, type ApplyWorkspaceOptions, type CanaryEvent, type IncidentPort, type RollbackIncident } from './apply-workspace.js';
