import { afterEach, describe, expect, it, vi } from 'vitest';
import { AcceptBatcher } from './accept-batcher.js';
import type { AcceptedEvent } from './model.js';
import type { AcceptOutcome } from './outbox-queries.js';

const event = (id: string): AcceptedEvent => ({ id, type: 't', data: {}, idempotencyKey: null, source: 'api', acceptedAt: new Date(0).toISOString() });

describe('AcceptBatcher', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('commits an idle event at once and, with a linger, gathers events arriving just after a commit', async () => {
    // Fake timers (and performance.now): the linger is judged on the fake clock, not on how busy the machine is.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const batches: string[][] = [];
    const batcher = new AcceptBatcher(async (batch) => {
      batches.push(batch.map((b) => b.event.id));
      return batch.map((b): AcceptOutcome => ({ eventId: b.event.id, duplicate: false, deliveries: [] }));
    }, 5);
    expect((await batcher.add(event('a'))).eventId).toBe('a');
    // Arrive one after another right after the first commit: the linger lets them share one transaction.
    const later = [batcher.add(event('b'))];
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([['a']]);
    later.push(batcher.add(event('c')));
    await vi.advanceTimersByTimeAsync(5);
    expect((await Promise.all(later)).map((o) => o.eventId)).toEqual(['b', 'c']);
    expect(batches).toEqual([['a'], ['b', 'c']]);
  });
});
