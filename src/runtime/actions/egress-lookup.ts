import type { LookupFunction } from 'node:net';
import { checkTarget, systemResolver, type Resolver, type TargetPolicy } from '../delivery/ssrf-guard.js';

/**
 * The egress guard as a DNS lookup for the adapter's connections: every new connection resolves its host
 * through the guard, which refuses an address outside the allowed classes and hands the connection the
 * address it checked (no second lookup can redirect it).
 */
export function guardedLookup(policy: TargetPolicy, resolve: Resolver = systemResolver): LookupFunction {
  return (host, options, callback) => {
    const literal = host.includes(':') ? `[${host}]` : host;
    void checkTarget(`https://${literal}/`, policy, resolve).then((check) => {
      const answer = callback as unknown as (error: NodeJS.ErrnoException | null, address?: string | { address: string; family: number }[], family?: number) => void;
      if (!check.ok) {
        answer(Object.assign(new Error(`refused by the egress guard: ${check.detail}`), { code: 'EGRESS_REFUSED' }));
        return;
      }
      const { address, family } = check.target;
      if ((options as { all?: boolean }).all) answer(null, [{ address, family }]);
      else answer(null, address, family);
    });
  };
}
