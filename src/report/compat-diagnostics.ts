import type { Change, Level } from '../compat/change.js';
import type { ContractCompat } from '../compat/workspace-compat.js';
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import { changeMessage } from './compat-change-message.js';

const SEVERITY: Record<Level, Severity> = { breaking: 'error', warning: 'warning', info: 'info' };

/**
 * The compat stage's changes as `check` diagnostics: breaking changes left are errors, warnings
 * warnings; a change the workspace passes (`unused`, `announced`) is an info diagnostic saying why.
 * Other info changes stay in the contract's change list only.
 */
export function compatDiagnostics(compared: ContractCompat[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const c of compared) {
    for (const change of c.changes) {
      if (change.level === 'info' && change.status !== 'unused' && change.status !== 'announced') continue;
      out.push(c.kind === 'DataContract' ? recordDiagnostic(c, change) : contractDiagnostic(c, change));
    }
  }
  return out;
}

function contractDiagnostic(c: ContractCompat, change: Change): Diagnostic {
  const loc = change.head ?? change.base ?? c.source;
  const where = change.operation ? `${change.operation.method} ${change.operation.path}: ` : change.path ? `${change.path}: ` : '';
  return {
    severity: SEVERITY[change.level],
    code: `compat/${change.id}`,
    message: `Contract ${c.contract}: ${where}${changeMessage(change)}`,
    ...(loc ? { location: { file: loc.file, pointer: loc.pointer, line: loc.line } } : {}),
    data: {
      contract: c.contract,
      rule: change.id,
      level: change.level,
      ...(change.operation ? { operation: change.operation } : {}),
      ...(change.path ? { path: change.path } : {}),
      ...(change.status ? { status: change.status } : {}),
      ...(change.data?.fieldUsers ? { fieldUsers: change.data.fieldUsers } : {}),
    },
  };
}

function recordDiagnostic(c: ContractCompat, change: Change): Diagnostic {
  const loc = change.head ?? change.base;
  return {
    severity: SEVERITY[change.level],
    code: `compat/${change.id}`,
    message: `Data contract ${c.contract}: ${changeMessage(change)}`,
    ...(loc ? { location: { file: loc.file, pointer: loc.pointer, line: loc.line } } : {}),
    data: {
      dataContract: c.contract,
      rule: change.id,
      level: change.level,
      property: change.data?.property,
      ...(change.status ? { status: change.status } : {}),
      ...(change.data?.producers ? { integrations: change.data.producers } : {}),
    },
  };
}
