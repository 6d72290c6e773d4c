import { diffContracts, type ContractText } from '../../../compat/diff-contracts.js';
import type { Change } from '../../../compat/change.js';
import { changeMessage } from '../../../report/compat-change-message.js';
import type { SpecFinding } from './vendor-spec-queries.js';

export type UsedChanges = { ok: true; findings: SpecFinding[] } | { ok: false; error: string };

/** A GraphQL change reaches a used root field when its coordinate is that field or lies under it. */
function reachesUsedField(path: string | undefined, used: ReadonlySet<string>): boolean {
  if (!path) return false;
  for (const u of used) if (path === u || path.startsWith(`${u}.`) || path.startsWith(`${u}(`)) return true;
  return false;
}

function where(c: Change): string {
  return c.operation ? `${c.operation.method.toUpperCase()} ${c.operation.path}` : (c.path ?? c.head?.pointer ?? c.base?.pointer ?? '');
}

/**
 * The compat engine run from the committed contract (base) to the vendor's published description (head),
 * kept to the changes that reach what the workspace uses: an OpenAPI change on a used operationId, a GraphQL
 * change under a used root field. Everything the workspace does not call is left out — a vendor's full
 * description differs from a trimmed contract by every operation the import dropped.
 */
export async function usedChanges(committed: ContractText, published: ContractText, used: readonly string[], now: Date): Promise<UsedChanges> {
  const diffed = await diffContracts(committed, published, { now });
  if (!diffed.value) {
    const first = diffed.diagnostics.find((d) => d.severity === 'error');
    return { ok: false, error: `the published description cannot be compared: ${first?.message ?? 'unreadable'}` };
  }
  const set = new Set(used);
  const findings = diffed.value.changes
    .filter((c) => (typeof c.data?.operationId === 'string' ? set.has(c.data.operationId) : reachesUsedField(c.path, set)))
    .map((c): SpecFinding => ({ id: c.id, level: c.level, message: changeMessage(c), where: where(c), ...(typeof c.data?.operationId === 'string' ? { operationId: c.data.operationId } : {}) }));
  return { ok: true, findings };
}
