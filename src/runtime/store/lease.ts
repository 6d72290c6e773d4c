import type { Lease } from '../model.js';
import { RuntimeProblem } from '../problem.js';
import type { Queryable } from './database.js';
import { toIso, toNumber } from './rows.js';

interface LeaseRow {
  holder: string | null;
  token: unknown;
  expires_at: unknown;
}

async function lockLease(tx: Queryable, mode: 'UPDATE' | 'SHARE'): Promise<{ holder: string | null; token: number; expiresAt: Date | null }> {
  const [row] = await tx.query<LeaseRow>(`SELECT holder, token, expires_at FROM runtime_lease WHERE id = 1 FOR ${mode}`);
  return {
    holder: row.holder,
    token: toNumber(row.token),
    expiresAt: row.expires_at === null ? null : new Date(toIso(row.expires_at)),
  };
}

function isLive(lease: { holder: string | null; expiresAt: Date | null }, now: Date): boolean {
  return lease.holder !== null && lease.expiresAt !== null && lease.expiresAt > now;
}

/**
 * Fencing for writes: a request that carries a lease token must carry the current one of a live lease,
 * and while a lease is live nobody may write without its token. An old holder that wakes up after its
 * lease moved on is refused even if it still believes it holds it.
 */
export async function checkFence(tx: Queryable, leaseToken: number | undefined, now: Date): Promise<void> {
  const lease = await lockLease(tx, 'SHARE');
  const live = isLive(lease, now);
  if (leaseToken !== undefined) {
    if (leaseToken !== lease.token || !live) {
      throw new RuntimeProblem('lease-fenced', live ? `lease token ${leaseToken} is not the current one` : `lease token ${leaseToken} has expired or was released`, {
        leaseToken,
        currentToken: lease.token,
      });
    }
  } else if (live) {
    throw new RuntimeProblem('lease-held', `the lease is held by ${lease.holder} until ${lease.expiresAt!.toISOString()}`, {
      holder: lease.holder,
      expiresAt: lease.expiresAt!.toISOString(),
    });
  }
}

export async function acquireLease(tx: Queryable, holder: string, ttlSeconds: number, now: Date): Promise<Lease> {
  const lease = await lockLease(tx, 'UPDATE');
  if (isLive(lease, now) && lease.holder !== holder) {
    throw new RuntimeProblem('lease-held', `the lease is held by ${lease.holder} until ${lease.expiresAt!.toISOString()}`, {
      holder: lease.holder,
      expiresAt: lease.expiresAt!.toISOString(),
    });
  }
  // Every acquisition, even by the same holder, gets a new token: the old one stops fencing.
  const token = lease.token + 1;
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000).toISOString();
  await tx.query('UPDATE runtime_lease SET holder = $1, token = $2, expires_at = $3::timestamptz WHERE id = 1', [holder, token, expiresAt]);
  return { token, holder, expiresAt };
}

export async function renewLease(tx: Queryable, token: number, ttlSeconds: number, now: Date): Promise<Lease> {
  const lease = await lockLease(tx, 'UPDATE');
  if (lease.holder === null || lease.token !== token) {
    throw new RuntimeProblem('lease-fenced', `lease token ${token} is not the current one`, { leaseToken: token, currentToken: lease.token });
  }
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000).toISOString();
  await tx.query('UPDATE runtime_lease SET expires_at = $1::timestamptz WHERE id = 1', [expiresAt]);
  return { token, holder: lease.holder, expiresAt };
}

export async function releaseLease(tx: Queryable, token: number): Promise<void> {
  const lease = await lockLease(tx, 'UPDATE');
  if (lease.holder === null || lease.token !== token) {
    throw new RuntimeProblem('lease-fenced', `lease token ${token} is not the current one`, { leaseToken: token, currentToken: lease.token });
  }
  await tx.query('UPDATE runtime_lease SET holder = NULL, expires_at = NULL WHERE id = 1');
}
