import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { classifyAddress, type AddressClass } from './address-class.js';

export interface TargetPolicy {
  /** `endpoint.localTesting`: plain http and loopback/private addresses are allowed. */
  localTesting: boolean;
  /** Address classes allowed anyway (runtime configuration, e.g. a private network of vendors). */
  allow: readonly AddressClass[];
}

export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;

export const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

/** Where to connect: the resolved address is pinned, so a second DNS answer cannot redirect the request. */
export interface PinnedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

export type TargetCheck = { ok: true; target: PinnedTarget } | { ok: false; reason: 'scheme' | 'address' | 'unresolvable' | 'invalid-url'; detail: string };

/**
 * Refuses a URL that is not https (unless for local testing) or that resolves to any address outside the
 * public internet. Every answer is checked, not just the first: a host that resolves to one public and
 * one private address is refused.
 */
export async function checkTarget(rawUrl: string, policy: TargetPolicy, resolve: Resolver = systemResolver): Promise<TargetCheck> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, reason: 'invalid-url', detail: `not a URL: ${rawUrl}` };
  }
  if (url.protocol !== 'https:' && !(policy.localTesting && url.protocol === 'http:')) {
    return { ok: false, reason: 'scheme', detail: `${url.protocol} is not allowed; use https (or mark the endpoint localTesting)` };
  }
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  let answers: { address: string; family: number }[];
  try {
    answers = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolve(host);
  } catch (error) {
    return { ok: false, reason: 'unresolvable', detail: `${host}: ${(error as Error).message}` };
  }
  if (!answers.length) return { ok: false, reason: 'unresolvable', detail: `${host} has no address` };
  for (const a of answers) {
    const cls = classifyAddress(a.address);
    const allowed = cls === 'public' || policy.allow.includes(cls) || (policy.localTesting && cls !== 'unspecified' && cls !== 'multicast');
    if (!allowed) return { ok: false, reason: 'address', detail: `${host} resolves to ${a.address} (${cls})` };
  }
  const first = answers[0];
  return { ok: true, target: { url, address: first.address, family: first.family === 6 ? 6 : 4 } };
}
