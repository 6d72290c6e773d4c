import type { Diagnostic, Result } from '../core/diagnostic.js';
import { diagnosticAt } from '../core/document.js';
import { parseYaml } from './yaml-document.js';

export const ENVIRONMENTS = ['production', 'sandbox', 'test'] as const;
export type WorkspaceEnvironment = (typeof ENVIRONMENTS)[number];

/** Environments in which `localTesting` endpoints are allowed. */
export const SANDBOX_ENVIRONMENTS: readonly WorkspaceEnvironment[] = ['sandbox', 'test'];

/** The workspace settings in `interlock.yaml`. */
export interface WorkspaceSettings {
  /** What the workspace describes; `production` unless it says otherwise. */
  environment: WorkspaceEnvironment;
}

export const DEFAULT_SETTINGS: WorkspaceSettings = { environment: 'production' };

/**
 * Reads `interlock.yaml`. An empty file only marks the root; keys other than the ones read here are left
 * to the commands that own them (e.g. `interlock init`'s own settings).
 */
export function parseSettings(file: string, text: string): Result<WorkspaceSettings> {
  const parsed = parseYaml(file, text);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const doc = parsed.documents[0];
  if (!doc) return { value: DEFAULT_SETTINGS, diagnostics };
  const value = doc.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    diagnostics.push(diagnosticAt(doc, '', { severity: 'error', code: 'settings', message: `${file} must be a mapping of settings (e.g. environment: production)` }));
    return { value: DEFAULT_SETTINGS, diagnostics };
  }
  const environment = (value as Record<string, unknown>).environment;
  if (environment === undefined) return { value: DEFAULT_SETTINGS, diagnostics };
  if (typeof environment !== 'string' || !(ENVIRONMENTS as readonly string[]).includes(environment)) {
    diagnostics.push(
      diagnosticAt(doc, '/environment', {
        severity: 'error',
        code: 'settings',
        message: `environment must be one of ${ENVIRONMENTS.join(', ')}`,
        data: { allowed: [...ENVIRONMENTS] },
      }),
    );
    return { value: DEFAULT_SETTINGS, diagnostics };
  }
  return { value: { environment: environment as WorkspaceEnvironment }, diagnostics };
}
