import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorHealth } from '../connectors/health.js';
import type { LogEntry } from '../log.js';
import { IsolationError } from './isolation-error.js';
import { IsolationPool } from './pool.js';

const fixture = (mode: string) => new URL(`./__fixtures__/misbehaving-connector.mjs?mode=${mode}`, import.meta.url).href;

async function failure(p: Promise<unknown>): Promise<{ reason: string; message: string }> {
  const error = await p.then(
    () => new Error('the call succeeded'),
    (e: unknown) => e,
  );
  if (!(error instanceof IsolationError)) throw error;
  return { reason: error.reason, message: error.message };
}

describe('IsolationPool: one worker thread per integration (runs dist/: npm run build)', () => {
  let pool: IsolationPool | undefined;
  afterEach(async () => {
    await pool?.close();
  });

  it('contains a loop, a throw, unbounded allocation and a crash; the others keep answering; the dead are restarted', async () => {
    const logs: LogEntry[] = [];
    const health = new ConnectorHealth((e) => logs.push(e));
    const modes: Record<string, string> = { looper: 'loop', thrower: 'throw', hog: 'oom', crasher: 'crash' };
    pool = new IsolationPool({ maxMemoryMb: 32, moduleFor: (i) => (modes[i] ? fixture(modes[i]) : undefined), health, log: (e) => logs.push(e) });

    // Only the looper is meant to hit its deadline: the others get one long enough that nothing else can end them first.
    const bad = Object.keys(modes).map((i) => failure(pool!.call(i, 'echo', { misbehave: true }, i === 'looper' ? 2000 : 120_000)));
    // While those misbehave, a well-behaved integration (the built-in connector) answers every call.
    const good = await Promise.all(Array.from({ length: 20 }, (_, n) => pool!.call('good', 'transform', { data: { a: n, b: 2 }, transform: { pick: ['a'] } })));
    expect(good).toEqual(Array.from({ length: 20 }, (_, n) => ({ a: n })));

    const [looper, thrower, hog, crasher] = await Promise.all(bad);
    expect(looper).toEqual({ reason: 'timeout', message: 'echo did not answer within 2000 ms; worker terminated' });
    expect(thrower).toEqual({ reason: 'threw', message: 'connector bug: cannot read properties of undefined' });
    expect(hog.reason).toBe('out-of-memory');
    expect(crasher).toEqual({ reason: 'crashed', message: 'the connector crashed: unhandled in a timer' });

    expect(health.unhealthy().map((h) => [h.integration, h.problems.map((p) => [p.check, p.subject, p.reason])])).toEqual([
      ['crasher', [['isolation', 'echo', 'crashed']]],
      ['hog', [['isolation', 'echo', 'out-of-memory']]],
      ['looper', [['isolation', 'echo', 'timeout']]],
      ['thrower', [['isolation', 'echo', 'threw']]],
    ]);
    expect(logs.filter((l) => l.level === 'error' && l.reason).map((l) => [l.integration, l.reason]).sort()).toEqual([
      ['crasher', 'crashed'],
      ['crasher', 'crashed'],
      ['hog', 'out-of-memory'],
      ['hog', 'out-of-memory'],
      ['looper', 'timeout'],
      ['looper', 'timeout'],
      ['thrower', 'threw'],
    ]);

    // The next call of each starts a fresh worker (the thrower's survived) and, behaving, succeeds.
    for (const i of Object.keys(modes)) expect(await pool.call(i, 'echo', { n: i })).toEqual({ n: i });
    expect(pool.stats().map((s) => [s.integration, s.starts, s.alive])).toEqual([
      ['crasher', 2, true],
      ['good', 1, true],
      ['hog', 2, true],
      ['looper', 2, true],
      ['thrower', 1, true],
    ]);
    expect(health.unhealthy()).toEqual([]);
  });

  it('a connector module that cannot load fails its calls as crashed, naming the cause', async () => {
    pool = new IsolationPool({ moduleFor: () => new URL('./__fixtures__/no-such-module.mjs', import.meta.url).href });
    const f = await failure(pool.call('broken', 'echo', {}));
    expect(f.reason).toBe('crashed');
    expect(f.message).toMatch(/^cannot load connector module: .*no-such-module\.mjs/);
  });

  it('a connector asks the runtime for secrets by reference; a failure comes back naming the reference', async () => {
    const asked: [string, string][] = [];
    pool = new IsolationPool({
      moduleFor: () => fixture('none'),
      secret: async (integration, ref) => {
        asked.push([integration, ref]);
        return ref === 'env:TOKEN' ? { ok: true, value: 'twelve-chars' } : { ok: false, error: `secret ${ref}: not set` };
      },
    });
    expect(await pool.call('acme', 'secretLength', { ref: 'env:TOKEN' })).toBe(12);
    expect(await failure(pool.call('acme', 'secretLength', { ref: 'env:MISSING' }))).toEqual({ reason: 'threw', message: 'secret env:MISSING: not set' });
    expect(asked).toEqual([
      ['acme', 'env:TOKEN'],
      ['acme', 'env:MISSING'],
    ]);
  });
});
