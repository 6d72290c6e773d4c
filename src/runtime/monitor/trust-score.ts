import type { Slo } from './slo.js';

/** Everything a trust score is computed from, kept with the score so it can be explained and recomputed. */
export interface TrustInputs {
  slo: Slo;
  windowStart: string;
  windowEnd: string;
  /** Delivery attempts and vendor calls in the window. */
  attempts: number;
  /** Of which answered 2xx. */
  succeeded: number;
  /** Of which answered 5xx. */
  serverErrors: number;
  /** 95th percentile latency of the attempts in the window (null with no attempts). */
  latencyP95Ms: number | null;
  /** The applied resource was edited out of band since its last apply (desired state drift). */
  drift: boolean;
  /** Breaking changes of the vendor's published description on operations the connector uses (absent in scores kept before it was measured). */
  vendorSpecChanges?: number;
  /** Alerts of severity sev-1/sev-2 opened for the integration in the window (incidents). */
  incidents: number;
  /** Canary rollouts rolled back in the window. */
  rollbacks: number;
  /** The vendor's assessment: `approved` and unexpired, or why not. */
  assessment: 'approved' | 'pending' | 'expired' | 'missing';
  /** Attestations (SOC 2, ISO 27001) past their validity. */
  expiredAttestations: number;
}

export type TrustFactor = 'availability' | 'error-rate' | 'latency' | 'drift' | 'incidents' | 'vendor';

/** One penalty: which input cost how many points, and why (as data; the reason text is rendered at the edge). */
export interface TrustPenalty {
  factor: TrustFactor;
  points: number;
  /** The measured value and the target it missed. */
  value: number | string;
  target: number | string;
}

export interface TrustScore {
  score: number;
  penalties: TrustPenalty[];
}

/** The most each factor can cost; they add up to more than 100, and the score stops at 0. */
export const MAX_PENALTY: Record<TrustFactor, number> = { availability: 40, 'error-rate': 20, latency: 15, drift: 10, incidents: 15, vendor: 15 };

const clamp01 = (n: number) => Math.min(1, Math.max(0, n));
const round = (n: number, digits = 4) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * The trust score formula (docs/trust-score.md): 100 minus the penalties, each growing linearly with how far
 * the connector misses its SLO — the whole penalty is reached 10 points of availability below target, 10
 * points of 5xx share above the allowed rate, and at twice the latency target. No traffic is no evidence:
 * availability, error rate and latency then cost nothing. Pure: the same inputs always give the same score.
 */
export function trustScore(i: TrustInputs): TrustScore {
  const penalties: TrustPenalty[] = [];
  const add = (factor: TrustFactor, share: number, value: number | string, target: number | string) => {
    const points = Math.round(MAX_PENALTY[factor] * clamp01(share));
    if (points > 0) penalties.push({ factor, points, value, target });
  };
  if (i.attempts > 0) {
    const availability = i.succeeded / i.attempts;
    add('availability', (i.slo.availability - availability) / 0.1, round(availability), i.slo.availability);
    const errorRate = i.serverErrors / i.attempts;
    add('error-rate', (errorRate - i.slo.maxErrorRate) / 0.1, round(errorRate), i.slo.maxErrorRate);
    if (i.latencyP95Ms !== null) add('latency', (i.latencyP95Ms - i.slo.latencyP95Ms) / i.slo.latencyP95Ms, Math.round(i.latencyP95Ms), i.slo.latencyP95Ms);
  }
  if (i.drift) add('drift', 1, 'edited out of band', 'as applied');
  else if (i.vendorSpecChanges) add('drift', 1, `vendor description changed ${i.vendorSpecChanges} used operation(s)`, 'as committed');
  add('incidents', (i.incidents + i.rollbacks) / 3, i.incidents + i.rollbacks, 0);
  const vendorShare = (i.assessment === 'approved' ? 0 : i.assessment === 'pending' ? 0.5 : 1) + i.expiredAttestations / 3;
  add('vendor', vendorShare, i.assessment === 'approved' ? `${i.expiredAttestations} expired attestation(s)` : `assessment ${i.assessment}`, 'approved, attestations valid');
  const total = penalties.reduce((sum, p) => sum + p.points, 0);
  return { score: Math.max(0, 100 - total), penalties };
}

/** Why a score fell since the previous one: the factors whose penalty grew, by how many points. */
export function dropReasons(previous: TrustPenalty[] | null, current: TrustPenalty[]): { factor: TrustFactor; points: number }[] {
  const before = new Map((previous ?? []).map((p) => [p.factor, p.points]));
  return current.filter((p) => p.points > (before.get(p.factor) ?? 0)).map((p) => ({ factor: p.factor, points: p.points - (before.get(p.factor) ?? 0) }));
}
