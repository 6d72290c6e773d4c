import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';

/** TLS settings of a client of an HTTPS runtime: files holding PEM documents. */
export interface RuntimeClientTls {
  /** CA certificate(s) the runtime's certificate must chain to (default: the system's). */
  caFile?: string;
  /** Client certificate and key, for a runtime that requires mutual TLS. */
  certFile?: string;
  keyFile?: string;
}

export interface TransportResponse {
  status: number;
  statusText: string;
  text: string;
}

/**
 * Requests to an `https://` runtime go through node:https, since `fetch` takes no CA or client
 * certificate: the given CA instead of the system's, a client certificate for mutual TLS, and never
 * below TLS 1.2. One keep-alive agent per client.
 */
export class HttpsTransport {
  private readonly agent: Agent;

  constructor(tls: RuntimeClientTls) {
    const read = (file: string | undefined) => (file ? readFileSync(file, 'utf8') : undefined);
    const ca = read(tls.caFile);
    const cert = read(tls.certFile);
    const key = read(tls.keyFile);
    this.agent = new Agent({ keepAlive: true, minVersion: 'TLSv1.2', ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) });
  }

  send(url: string, init: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number }): Promise<TransportResponse> {
    return new Promise((resolve, reject) => {
      const req = request(url, { method: init.method, headers: init.headers, agent: this.agent, ...(init.timeoutMs ? { timeout: init.timeoutMs } : {}) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${init.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(init.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
