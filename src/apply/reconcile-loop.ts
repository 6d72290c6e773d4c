export interface ReconcileLoopOptions<T> {
  /** One reconciliation; its errors are handed to `onError` and the loop goes on. */
  tick(n: number): Promise<T>;
  intervalMs: number;
  /** Stop after this many ticks (tests, bounded runs); unbounded when absent. */
  maxTicks?: number;
  /** Stops the loop between ticks, or during the wait. */
  signal?: AbortSignal;
  onError?(error: unknown, n: number): void;
  /** Injected for tests. */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Runs `tick` now and then every `intervalMs` (measured from the end of a tick, so slow ticks never
 * overlap) until aborted or `maxTicks` ran. Returns the last tick's result, or undefined if it failed.
 */
export async function runReconcileLoop<T>(options: ReconcileLoopOptions<T>): Promise<{ ticks: number; last: T | undefined }> {
  const sleep = options.sleep ?? abortableSleep;
  let ticks = 0;
  let last: T | undefined;
  while (!options.signal?.aborted && (options.maxTicks === undefined || ticks < options.maxTicks)) {
    ticks++;
    try {
      last = await options.tick(ticks);
    } catch (error) {
      last = undefined;
      options.onError?.(error, ticks);
    }
    if (options.maxTicks !== undefined && ticks >= options.maxTicks) break;
    await sleep(options.intervalMs, options.signal);
  }
  return { ticks, last };
}

/** `30s`, `500ms`, `5m`, `1h` → milliseconds; undefined when not a duration. */
export function parseInterval(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!m) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(m[1]) * unit);
}
