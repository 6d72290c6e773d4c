import { describe, expect, it } from 'vitest';
import { InMemoryRuntime } from '../../test/support/in-memory-runtime.js';
import { withReadRetry } from './retry-reads.js';

function resetError(): Error {
  return new Error('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
}

describe('withReadRetry', () => {
  it('reads the state again after a connection reset', async () => {
    const runtime = new InMemoryRuntime();
    let calls = 0;
    const flaky = Object.assign(Object.create(runtime) as InMemoryRuntime, {
      getState: async () => {
        calls++;
        if (calls === 1) throw new Error('cannot reach the runtime', { cause: resetError() });
        return runtime.getState();
      },
    });
    expect((await withReadRetry(flaky).getState()).revision).toBe(0);
    expect(calls).toBe(2);
  });

  it('does not retry other failures or writes', async () => {
    const runtime = new InMemoryRuntime();
    let reads = 0;
    let writes = 0;
    const broken = Object.assign(Object.create(runtime) as InMemoryRuntime, {
      getState: async () => {
        reads++;
        throw new Error('refused');
      },
      apply: async () => {
        writes++;
        throw resetError();
      },
    });
    await expect(withReadRetry(broken).getState()).rejects.toThrow('refused');
    await expect(withReadRetry(broken).apply({ expectedRevision: 0, changes: [] })).rejects.toThrow('fetch failed');
    expect([reads, writes]).toEqual([1, 1]);
  });
});
