/** Faults a test or demo injects into a running mock; all optional, all off by default. */
export interface Faults {
  /** Added before every contract response, in milliseconds. */
  latencyMs?: number;
  /** Share of contract requests (0–1) answered 500, drawn from the mock's seeded generator. */
  errorRate?: number;
  /** Operation id → status answered instead of the normal response (with the contract's body when it has one). */
  status?: Record<string, number>;
}

/** Checks a faults document sent to the control endpoint; returns the faults or what is wrong. */
export function parseFaults(value: unknown): { faults?: Faults; error?: string } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { error: 'the body must be an object {latencyMs?, errorRate?, status?}' };
  const v = value as Record<string, unknown>;
  const unknown = Object.keys(v).filter((k) => !['latencyMs', 'errorRate', 'status'].includes(k));
  if (unknown.length) return { error: `unknown field ${JSON.stringify(unknown[0])}; expected latencyMs, errorRate or status` };
  const out: Faults = {};
  if (v.latencyMs !== undefined) {
    if (typeof v.latencyMs !== 'number' || !Number.isFinite(v.latencyMs) || v.latencyMs < 0 || v.latencyMs > 600_000) return { error: 'latencyMs must be a number of milliseconds between 0 and 600000' };
    out.latencyMs = v.latencyMs;
  }
  if (v.errorRate !== undefined) {
    if (typeof v.errorRate !== 'number' || !(v.errorRate >= 0 && v.errorRate <= 1)) return { error: 'errorRate must be a number between 0 and 1' };
    out.errorRate = v.errorRate;
  }
  if (v.status !== undefined) {
    if (v.status === null || typeof v.status !== 'object' || Array.isArray(v.status)) return { error: 'status must map operation ids to HTTP status codes' };
    out.status = {};
    for (const [op, code] of Object.entries(v.status)) {
      if (!Number.isInteger(code) || (code as number) < 100 || (code as number) > 599) return { error: `status.${op} must be an HTTP status code (100–599)` };
      out.status[op] = code as number;
    }
  }
  return { faults: out };
}

/** Mulberry32: a small seeded generator, so `--seed` makes error-rate draws repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
