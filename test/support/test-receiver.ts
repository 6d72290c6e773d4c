import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** What a test receiver answers: a status (with headers), or nothing at all (hang). */
export type ReceiverReply = { status: number; headers?: Record<string, string>; delayMs?: number } | 'hang';

export interface ReceivedWebhook {
  id: string;
  timestamp: number;
  body: string;
  /** Whether the standardwebhooks reference verifier accepted it. */
  verified: boolean;
  status: number | 'hang';
  at: number;
}

/**
 * A webhook receiver on a loopback port for tests and benchmarks: records every request, checks it with
 * the `standardwebhooks` verifier, and answers as `reply` says (so a test can take it down and up).
 */
export class TestReceiver {
  readonly received: ReceivedWebhook[] = [];
  reply: (req: { id: string; count: number }) => ReceiverReply = () => ({ status: 204 });
  private readonly counts = new Map<string, number>();
  private readonly waiters: { test: () => boolean; resolve: () => void }[] = [];
  private server!: http.Server;
  url = '';

  constructor(private readonly secret: string) {}

  async start(): Promise<this> {
    const wh = new Webhook(this.secret);
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const id = String(req.headers['webhook-id'] ?? '');
        let verified = true;
        try {
          wh.verify(body, req.headers as Record<string, string>);
        } catch {
          verified = false;
        }
        const count = (this.counts.get(id) ?? 0) + 1;
        this.counts.set(id, count);
        const reply = this.reply({ id, count });
        this.received.push({ id, timestamp: Number(req.headers['webhook-timestamp']), body, verified, status: reply === 'hang' ? 'hang' : reply.status, at: Date.now() });
        if (reply !== 'hang') {
          if (reply.delayMs) setTimeout(() => res.writeHead(reply.status, reply.headers).end(), reply.delayMs);
          else res.writeHead(reply.status, reply.headers).end();
        }
        for (const w of this.waiters.splice(0)) (w.test() ? w.resolve : () => this.waiters.push(w))();
      });
    });
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
    return this;
  }

  /** Distinct webhook ids that were answered with a 2xx. */
  deliveredIds(): Set<string> {
    return new Set(this.received.filter((r) => typeof r.status === 'number' && r.status < 300).map((r) => r.id));
  }

  /** Resolves once `test` holds after a request (or now), rejects after `ms`. */
  until(test: () => boolean, ms = 30_000): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`receiver: condition not met in ${ms} ms (${this.received.length} requests)`)), ms);
      this.waiters.push({ test, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}
