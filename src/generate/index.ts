export { generateAdapters, GENERATOR_VERSION, type GeneratedFiles } from './generate.js';
export { compareGenerated, generatedInWorkspace, type GeneratedDrift } from './compare.js';
export type { AdapterModel } from './model/adapter-model.js';
export { staleAdapters, staleDiagnostics, type StaleAdapter } from './stale.js';
