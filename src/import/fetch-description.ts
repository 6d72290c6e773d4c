import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkTarget, systemResolver, type Resolver, type TargetPolicy } from '../runtime/delivery/ssrf-guard.js';

/** The largest description fetched (GitHub's REST description is ~10 MB). */
export const MAX_DESCRIPTION_BYTES = 64 * 1024 * 1024;

export type FetchResult = { ok: true; text: string; url: string } | { ok: false; reason: string };

/**
 * GETs a vendor's published description through the runtime's egress guard: https only, every address the
 * host resolves to must be public, and the connection goes to the approved address (no second lookup).
 * Redirects are followed (at most 3), each one checked again.
 */
export async function fetchDescription(rawUrl: string, policy: TargetPolicy = { localTesting: false, allow: [] }, resolve: Resolver = systemResolver, timeoutMs = 30_000): Promise<FetchResult> {
  let url = rawUrl;
  for (let hop = 0; hop <= 3; hop++) {
    const checked = await checkTarget(url, policy, resolve);
    if (!checked.ok) return { ok: false, reason: `the egress guard refused ${url}: ${checked.detail}` };
    const { target } = checked;
    const lookup: LookupFunction = (_host, options, callback) => {
      if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
      else callback(null, target.address, target.family);
    };
    const got = await new Promise<{ status: number; location?: string; text?: string; error?: string }>((done) => {
      const client = target.url.protocol === 'https:' ? https : http;
      const req = client.get(target.url, { lookup, timeout: timeoutMs, minVersion: 'TLSv1.2', headers: { accept: 'application/json, application/yaml, text/yaml, application/graphql, text/plain, */*' } }, (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          done({ status, location: new URL(res.headers.location, target.url).toString() });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_DESCRIPTION_BYTES) req.destroy(new Error(`larger than ${MAX_DESCRIPTION_BYTES} bytes`));
          else chunks.push(c);
        });
        res.on('end', () => done({ status, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (e) => done({ status, error: e.message }));
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (e) => done({ status: 0, error: e.message }));
    });
    if (got.error) return { ok: false, reason: `${url}: ${got.error}` };
    if (got.location) {
      url = got.location;
      continue;
    }
    if (got.status !== 200) return { ok: false, reason: `${url} answered HTTP ${got.status}` };
    return { ok: true, text: got.text ?? '', url };
  }
  return { ok: false, reason: `${rawUrl}: more than 3 redirects` };
}
