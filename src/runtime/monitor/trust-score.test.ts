import { describe, expect, it } from 'vitest';
import { DEFAULT_SLO, sloOf } from './slo.js';
import { dropReasons, trustScore, type TrustInputs } from './trust-score.js';

const base: TrustInputs = {
  slo: DEFAULT_SLO,
  windowStart: '2026-11-01T00:00:00.000Z',
  windowEnd: '2026-11-01T00:15:00.000Z',
  attempts: 100,
  succeeded: 100,
  serverErrors: 0,
  latencyP95Ms: 120,
  drift: false,
  incidents: 0,
  rollbacks: 0,
  assessment: 'approved',
  expiredAttestations: 0,
};

describe('trust score formula', () => {
  const cases: [string, Partial<TrustInputs>, number, [string, number][]][] = [
    ['all within the SLO', {}, 100, []],
    ['no traffic is no evidence', { attempts: 0, succeeded: 0, latencyP95Ms: null }, 100, []],
    ['availability 5 points under target, 5xx 4 points over', { succeeded: 94, serverErrors: 5 }, 72, [['availability', 20], ['error-rate', 8]]],
    ['every attempt 5xx', { succeeded: 0, serverErrors: 100 }, 40, [['availability', 40], ['error-rate', 20]]],
    ['p95 at 1.5 × the target', { latencyP95Ms: 3000 }, 92, [['latency', 8]]],
    ['drift', { drift: true }, 90, [['drift', 10]]],
    ['one incident and one rollback', { incidents: 1, rollbacks: 1 }, 90, [['incidents', 10]]],
    ['assessment pending', { assessment: 'pending' }, 92, [['vendor', 8]]],
    ['assessment expired and an attestation expired', { assessment: 'expired', expiredAttestations: 1 }, 85, [['vendor', 15]]],
    ['everything wrong stops at 0', { succeeded: 0, serverErrors: 100, latencyP95Ms: 10_000, drift: true, incidents: 5, assessment: 'missing' }, 0, [['availability', 40], ['error-rate', 20], ['latency', 15], ['drift', 10], ['incidents', 15], ['vendor', 15]]],
  ];
  it.each(cases)('%s', (_name, change, score, penalties) => {
    const got = trustScore({ ...base, ...change });
    expect(got.score).toBe(score);
    expect(got.penalties.map((p) => [p.factor, p.points])).toEqual(penalties);
  });

  it('names the factors whose penalty grew as the reasons for a drop', () => {
    const before = trustScore({ ...base, drift: true }).penalties;
    const after = trustScore({ ...base, drift: true, succeeded: 94, serverErrors: 5 }).penalties;
    expect(dropReasons(before, after)).toEqual([
      { factor: 'availability', points: 20 },
      { factor: 'error-rate', points: 8 },
    ]);
    expect(dropReasons(after, before)).toEqual([]);
  });

  it('reads the declared SLO, defaulting each missing or invalid field', () => {
    expect(sloOf({})).toEqual(DEFAULT_SLO);
    expect(sloOf({ slo: { availability: 0.995, latencyP95Ms: 500, windowSeconds: 30, maxErrorRate: 'x' } })).toEqual({ ...DEFAULT_SLO, availability: 0.995, latencyP95Ms: 500 });
  });
});
