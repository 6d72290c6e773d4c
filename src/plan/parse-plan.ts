import type { Diagnostic, Result } from '../core/diagnostic.js';
import { locationOf, type ParsedDocument } from '../core/document.js';
import { PLAN_FORMAT_VERSION, type Plan } from './plan.js';

const ACTIONS = new Set(['create', 'update', 'delete', 'replace', 'noop']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function problem(doc: ParsedDocument, pointer: string, message: string): Diagnostic {
  return { severity: 'error', code: 'plan/invalid-plan-file', message, location: locationOf(doc, pointer) };
}

/**
 * Reads a plan file's parsed JSON back into a Plan, checking what apply relies on: the format version,
 * the runtime revision, and each change's action, kind and name. Returns null with diagnostics otherwise.
 */
export function parsePlan(doc: ParsedDocument): Result<Plan | null> {
  const value = doc.value;
  if (!isRecord(value)) return { value: null, diagnostics: [problem(doc, '', 'A plan file holds one JSON object')] };
  if (value.formatVersion !== PLAN_FORMAT_VERSION) {
    return {
      value: null,
      diagnostics: [problem(doc, '/formatVersion', `Plan format version ${JSON.stringify(value.formatVersion)} is not supported; this version reads ${PLAN_FORMAT_VERSION}`)],
    };
  }
  const diagnostics: Diagnostic[] = [];
  if (typeof value.runtimeRevision !== 'number' || !Number.isInteger(value.runtimeRevision)) diagnostics.push(problem(doc, '/runtimeRevision', 'runtimeRevision must be an integer'));
  if (typeof value.workspaceId !== 'string') diagnostics.push(problem(doc, '/workspaceId', 'workspaceId must be a string'));
  if (!Array.isArray(value.changes)) diagnostics.push(problem(doc, '/changes', 'changes must be an array'));
  else {
    value.changes.forEach((c: unknown, i: number) => {
      if (!isRecord(c) || typeof c.kind !== 'string' || typeof c.name !== 'string' || typeof c.action !== 'string' || !ACTIONS.has(c.action)) {
        diagnostics.push(problem(doc, `/changes/${i}`, 'Each change needs an action (create, update, delete, replace, noop), a kind and a name'));
      } else if (c.action !== 'delete' && c.action !== 'noop' && (!isRecord(c.after) || !isRecord(c.after.spec))) {
        diagnostics.push(problem(doc, `/changes/${i}/after`, `A ${c.action} needs the resource's spec in "after"`));
      }
    });
  }
  return diagnostics.length ? { value: null, diagnostics } : { value: value as unknown as Plan, diagnostics };
}
