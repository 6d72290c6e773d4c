import { describe, expect, it } from 'vitest';
import { OTHER_CLIENTS, RefusalLog } from './refusal-log.js';

describe('RefusalLog', () => {
  it('sums refusals per client into one audit entry per window, written once the window has closed', () => {
    const log = new RefusalLog(60_000, 100);
    for (let i = 0; i < 500; i++) log.record('10.0.0.9', i < 20 ? 'unauthorized' : 'too-many-requests', i % 2 ? '/v1/state' : '/v1/audit', 1_000 + i);
    log.record('10.0.0.7', 'unauthorized', '/v1/state', 30_000);
    expect(log.drain(60_999)).toEqual([]);
    const [entry, ...rest] = log.drain(61_000);
    expect(rest).toEqual([]);
    expect(entry).toEqual({
      actor: 'anonymous',
      action: 'authRefused',
      target: null,
      data: {
        client: '10.0.0.9',
        count: 500,
        from: new Date(1_000).toISOString(),
        to: new Date(1_499).toISOString(),
        problems: { unauthorized: 20, 'too-many-requests': 480 },
        paths: { '/v1/audit': 250, '/v1/state': 250 },
      },
    });
    expect(log.drain(61_000)).toEqual([]);
    expect(log.drain(61_000, true).map((e) => [e.data.client, e.data.count])).toEqual([['10.0.0.7', 1]]);
    expect(log.pending).toBe(0);
  });

  it('bounds memory: clients past the limit are counted together', () => {
    const log = new RefusalLog(1000, 2);
    for (const client of ['a', 'b', 'c', 'd', 'a']) log.record(client, 'unauthorized', '/x', 0);
    expect(log.drain(1000).map((e) => [e.data.client, e.data.count])).toEqual([
      ['a', 2],
      ['b', 1],
      [OTHER_CLIENTS, 2],
    ]);
  });
});
