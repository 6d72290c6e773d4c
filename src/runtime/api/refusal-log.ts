import type { AuditInput } from '../model.js';

/**
 * Refused authentication (401, 429) summarised for the audit log: one entry per client per window with
 * the count, the window and what was refused, instead of one row per request. A flood of anonymous
 * requests then costs memory bounded by `maxClients` and one audit row per client per window, and never
 * a database write in the request path.
 */
export const REFUSAL_WINDOW_MS = 60_000;
const MAX_CLIENTS = 10_000;
const MAX_PATHS = 10;
/** Clients past `MAX_CLIENTS` in one window are counted together under this name. */
export const OTHER_CLIENTS = '(other clients)';

interface Tally {
  from: number;
  to: number;
  count: number;
  problems: Record<string, number>;
  paths: Record<string, number>;
}

export class RefusalLog {
  private readonly tallies = new Map<string, Tally>();

  constructor(
    private readonly windowMs = REFUSAL_WINDOW_MS,
    private readonly maxClients = MAX_CLIENTS,
    /** Who the summary names and as what: refused authentication by default, a token's own name for rate limits. */
    private readonly entryOf: (client: string) => { actor: string; action: string } = () => ({ actor: 'anonymous', action: 'authRefused' }),
  ) {}

  /** Counts one refusal (`problem` is the problem slug) of `client` at `at` (ms). */
  record(client: string, problem: string, path: string, at: number): void {
    const key = this.tallies.has(client) || this.tallies.size < this.maxClients ? client : OTHER_CLIENTS;
    let tally = this.tallies.get(key);
    if (!tally) this.tallies.set(key, (tally = { from: at, to: at, count: 0, problems: {}, paths: {} }));
    tally.count++;
    tally.to = Math.max(tally.to, at);
    tally.problems[problem] = (tally.problems[problem] ?? 0) + 1;
    if (path in tally.paths || Object.keys(tally.paths).length < MAX_PATHS) tally.paths[path] = (tally.paths[path] ?? 0) + 1;
  }

  /**
   * The audit entries of every window that has closed by `now` (ms), removed from the log; with
   * `all`, every open window too (shutdown).
   */
  drain(now: number, all = false): AuditInput[] {
    const out: AuditInput[] = [];
    for (const [client, t] of this.tallies) {
      if (!all && now - t.from < this.windowMs) continue;
      this.tallies.delete(client);
      out.push({
        ...this.entryOf(client),
        target: null,
        data: { client, count: t.count, from: new Date(t.from).toISOString(), to: new Date(t.to).toISOString(), problems: t.problems, paths: t.paths },
      });
    }
    return out;
  }

  get pending(): number {
    return this.tallies.size;
  }
}
