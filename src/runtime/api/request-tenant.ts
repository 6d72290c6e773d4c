import type { IncomingHttpHeaders } from 'node:http';
import type { Actor } from '../model.js';
import { RuntimeProblem } from '../problem.js';
import { DEFAULT_TENANT, isTenantId } from '../store/tenant-scope.js';

/** A platform operator token names the tenant it works in with this header (absent: `default`). */
export const TENANT_HEADER = 'interlock-tenant';

/**
 * The tenant an authenticated request runs in. A tenant token works in its own tenant only: a header
 * naming any other is refused the same way whatever it names, so the answer tells nothing about it.
 */
export function requestTenant(actor: Actor, headers: IncomingHttpHeaders): string {
  const named = headers[TENANT_HEADER];
  if (Array.isArray(named)) throw new RuntimeProblem('invalid-request', `send one ${TENANT_HEADER} header`);
  if (named !== undefined && !isTenantId(named)) {
    throw new RuntimeProblem('invalid-request', `the ${TENANT_HEADER} header is not a tenant id (a lowercase slug of 1–63 characters)`);
  }
  if (actor.tenant !== null) {
    if (named !== undefined && named !== actor.tenant) throw new RuntimeProblem('forbidden', `a tenant token works in its own tenant only; drop the ${TENANT_HEADER} header`);
    return actor.tenant;
  }
  return named ?? DEFAULT_TENANT;
}
