import { afterEach, describe, expect, it, vi } from 'vitest';
import { AcceptBatcher } from './accept-batcher.js';
import type { AcceptedEvent } from './model.js';
import type { AcceptOutcome } from './outbox-queries.js';
import { currentTenant, withTenant } from '../store/tenant-scope.js';

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

  it('commits each tenant\'s events in that tenant\'s scope, never in the scope of the request that started the loop', async () => {
    const batches: { tenant: string | null; ids: string[] }[] = [];
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    const batcher = new AcceptBatcher(async (batch) => {
      if (batch[0].event.id === 'a1') await first;
      batches.push({ tenant: currentTenant(), ids: batch.map((b) => b.event.id) });
      return batch.map((b): AcceptOutcome => ({ eventId: b.event.id, duplicate: false, deliveries: [] }));
    });
    // Tenant A's request starts the loop; while its transaction runs, B, A and the platform send more.
    const sent = [withTenant('tenant-a', () => batcher.add(event('a1')))];
    sent.push(withTenant('tenant-b', () => batcher.add(event('b1'))));
    sent.push(withTenant('tenant-a', () => batcher.add(event('a2'))));
    sent.push(batcher.add(event('p1')));
    sent.push(withTenant('tenant-b', () => batcher.add(event('b2'))));
    release();
    expect((await Promise.all(sent)).map((o) => o.eventId)).toEqual(['a1', 'b1', 'a2', 'p1', 'b2']);
    expect(batches).toEqual([
      { tenant: 'tenant-a', ids: ['a1'] },
      { tenant: 'tenant-b', ids: ['b1', 'b2'] },
      { tenant: 'tenant-a', ids: ['a2'] },
      { tenant: null, ids: ['p1'] },
    ]);
  });
});
