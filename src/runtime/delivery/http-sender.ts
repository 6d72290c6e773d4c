import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { PinnedTarget } from './ssrf-guard.js';

export interface SendRequest {
  target: PinnedTarget;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface SendResult {
  /** HTTP status, or null when no response arrived (connection refused, timeout, TLS failure). */
  status: number | null;
  retryAfter?: string;
  latencyMs: number;
  error?: string;
}

// Keep-alive: a busy endpoint gets a few long-lived connections instead of a handshake per message.
const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 256, minVersion: 'TLSv1.2' });

/** Drains at most this much of a response; the body of a webhook response is not used. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * One POST to a pinned address: the connection goes to the address the SSRF guard approved (no second DNS
 * lookup), while the Host header and TLS server name stay the URL's host. TLS 1.2 is the minimum.
 */
export function sendWebhook(req: SendRequest): Promise<SendResult> {
  const { target } = req;
  const started = performance.now();
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
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(req.body)), 'user-agent': 'interlock-webhooks/1', ...req.headers },
    agent: isHttps ? httpsAgent : httpAgent,
    lookup,
    timeout: req.timeoutMs,
    ...(isHttps ? { minVersion: 'TLSv1.2' as const, servername: target.url.hostname } : {}),
  };
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: Omit<SendResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve({ ...result, latencyMs: Math.round((performance.now() - started) * 1000) / 1000 });
    };
    const request = (isHttps ? https : http).request(options, (res) => {
      let seen = 0;
      res.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > MAX_RESPONSE_BYTES) res.destroy();
      });
      const finish = () => {
        const retryAfter = res.headers['retry-after'];
        done({ status: res.statusCode ?? null, ...(retryAfter ? { retryAfter } : {}) });
      };
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', finish);
    });
    // `timeout` only covers idle sockets; the overall deadline bounds a slow-drip response too.
    const deadline = setTimeout(() => {
      request.destroy(new Error(`timed out after ${req.timeoutMs} ms`));
    }, req.timeoutMs);
    request.on('timeout', () => request.destroy(new Error(`timed out after ${req.timeoutMs} ms`)));
    request.on('error', (error) => done({ status: null, error: error.message }));
    request.end(req.body);
  });
}
