import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkTarget, systemResolver, type Resolver, type TargetPolicy } from './ssrf-guard.js';

export interface GuardedPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export type GuardedPostResult =
  | { outcome: 'refused'; detail: string }
  | { outcome: 'answered'; status: number; text: string }
  | { outcome: 'failed'; error: string };

/** Reads at most this much of an answer (a Slack Web API answer is a few hundred bytes). */
const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * One POST through the egress guard, for the runtime's own calls to an integration's API (Slack alerts and
 * approvals): the URL is judged first (scheme, every address its host resolves to, against the endpoint's
 * localTesting and the runtime's allowed address classes), then the connection goes to the address the
 * guard approved; no second lookup can redirect it elsewhere.
 */
export async function guardedPost(req: GuardedPost, policy: TargetPolicy, resolve: Resolver = systemResolver): Promise<GuardedPostResult> {
  const check = await checkTarget(req.url, policy, resolve);
  if (!check.ok) return { outcome: 'refused', detail: check.detail };
  const { target } = check;
  const lookup: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const isHttps = target.url.protocol === 'https:';
  const options: https.RequestOptions = {
    method: 'POST',
    hostname: target.url.hostname.replace(/^\[|\]$/g, ''),
    port: target.url.port || (isHttps ? 443 : 80),
    path: `${target.url.pathname}${target.url.search}`,
    headers: { 'content-length': String(Buffer.byteLength(req.body)), ...req.headers },
    lookup,
    ...(isHttps ? { minVersion: 'TLSv1.2' as const, servername: target.url.hostname } : {}),
  };
  return new Promise((resolveResult) => {
    let settled = false;
    const done = (result: GuardedPostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolveResult(result);
    };
    const request = (isHttps ? https : http).request(options, (res) => {
      const chunks: Buffer[] = [];
      let seen = 0;
      res.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > MAX_ANSWER_BYTES) res.destroy(new Error(`answer larger than ${MAX_ANSWER_BYTES} bytes`));
        else chunks.push(chunk);
      });
      res.on('end', () => done({ outcome: 'answered', status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => done({ outcome: 'failed', error: error.message }));
    });
    const deadline = setTimeout(() => request.destroy(new Error(`timed out after ${req.timeoutMs} ms`)), req.timeoutMs);
    request.on('error', (error) => done({ outcome: 'failed', error: error.message }));
    request.end(req.body);
  });
}
