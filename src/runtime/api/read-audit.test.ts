import { describe, expect, it } from 'vitest';
import type { AuditInput } from '../model.js';
import { ReadAuditBatcher } from './read-audit.js';

const entry = (n: number): AuditInput => ({ actor: 'auditor:t1', action: 'getState', target: '/v1/state', data: { n } });

describe('ReadAuditBatcher', () => {
  it('writes queued reads in one batch, keeps them when the write fails, and writes them on the next attempt', async () => {
    const writes: AuditInput[][] = [];
    let fail = false;
    const errors: unknown[] = [];
    const batcher = new ReadAuditBatcher({
      append: async (entries) => {
        if (fail) throw new Error('audit log unavailable');
        writes.push([...entries]);
      },
      clock: () => new Date('2026-12-01T00:00:00Z'),
      intervalMs: 3_600_000,
      batch: 1000,
      onError: (e) => errors.push(e),
    });
    batcher.add(entry(1));
    batcher.add(entry(2));
    expect(writes).toEqual([]);
    await batcher.flush();
    expect(writes.map((w) => w.map((e) => e.data.n))).toEqual([[1, 2]]);
    expect(writes[0][0].data.answeredAt).toBe('2026-12-01T00:00:00.000Z');
    fail = true;
    batcher.add(entry(3));
    await batcher.flush();
    expect(errors).toHaveLength(1);
    fail = false;
    batcher.add(entry(4));
    await batcher.close();
    expect(writes.map((w) => w.map((e) => e.data.n))).toEqual([[1, 2], [3, 4]]);
  });

  it('writes as soon as a batch is full, without waiting for the timer', async () => {
    const writes: number[] = [];
    const batcher = new ReadAuditBatcher({ append: async (entries) => void writes.push(entries.length), clock: () => new Date(0), intervalMs: 3_600_000, batch: 3 });
    for (let i = 0; i < 3; i++) batcher.add(entry(i));
    await batcher.flush();
    expect(writes).toEqual([3]);
    await batcher.close();
  });
});
