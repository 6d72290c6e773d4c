import { AsyncLocalStorage } from 'node:async_hooks';
import { TENANT_PATTERN } from '../../core/token-api.js';

/**
 * The tenant a piece of work runs for. Inside `withTenant`, every query and transaction the store's
 * database runs (both engines) is a transaction under the `interlock_tenant` role with
 * `interlock.tenant` set, so PostgreSQL's row-level security (migration 0017) answers only that
 * tenant's rows, whatever the SQL says. Outside any scope, work is the platform's (background workers,
 * schedulers, retention): it sees every tenant and writes tenant `default` unless a row inherits its
 * parent's tenant.
 */
export const DEFAULT_TENANT = 'default';

/** A token's tenant pattern (lowercase slug): safe to inline in a `SET`. */
export function isTenantId(value: string): boolean {
  return TENANT_PATTERN.test(value);
}

// undefined: platform work, set explicitly by asPlatform so that it is carried by everything the work starts.
const scope = new AsyncLocalStorage<string | undefined>();

/** Runs `fn` (and everything it starts) for `tenant`. */
export function withTenant<T>(tenant: string, fn: () => Promise<T>): Promise<T> {
  if (!isTenantId(tenant)) throw new Error(`invalid tenant id ${JSON.stringify(tenant)}`);
  return scope.run(tenant, fn);
}

/** Runs `fn` outside any tenant scope (platform work started from a request, e.g. a batched audit flush). */
export function asPlatform<T>(fn: () => T): T {
  // run(undefined), not exit(): exit only switches the store off while fn runs synchronously, and work it
  // leaves behind (a loop's next pass, a batched write) must be the platform's however it is resumed.
  return scope.run(undefined, fn);
}

/** The tenant of the current async context, or null for platform work. */
export function currentTenant(): string | null {
  return scope.getStore() ?? null;
}

/**
 * The statements that open a tenant's transaction. `SET`, not `set_config()`: a SET takes no snapshot,
 * so a caller may still choose its isolation level afterwards (the state snapshot reads REPEATABLE READ).
 */
export function tenantSessionSql(tenant: string): string {
  if (!isTenantId(tenant)) throw new Error(`invalid tenant id ${JSON.stringify(tenant)}`);
  return `SET LOCAL ROLE interlock_tenant; SET LOCAL interlock.tenant = '${tenant}'`;
}
