/** What an Integration promises (its optional `slo`); the trust score measures the connector against it. */
export interface Slo {
  /** Share of delivery attempts and calls that must succeed (0–1). */
  availability: number;
  /** Highest acceptable share of 5xx answers (0–1). */
  maxErrorRate: number;
  /** 95th percentile latency the vendor should stay under, in milliseconds. */
  latencyP95Ms: number;
  /** The window the score and the 5xx alert look back over, in seconds. */
  windowSeconds: number;
}

export const DEFAULT_SLO: Slo = { availability: 0.99, maxErrorRate: 0.01, latencyP95Ms: 2000, windowSeconds: 900 };

/** The integration's declared `slo`, each missing or invalid field taking its default. */
export function sloOf(spec: Record<string, unknown>): Slo {
  const given = (spec.slo ?? {}) as Record<string, unknown>;
  const pick = (key: keyof Slo, ok: (n: number) => boolean): number => {
    const v = given[key];
    return typeof v === 'number' && ok(v) ? v : DEFAULT_SLO[key];
  };
  return {
    availability: pick('availability', (n) => n > 0 && n < 1),
    maxErrorRate: pick('maxErrorRate', (n) => n >= 0 && n < 1),
    latencyP95Ms: pick('latencyP95Ms', (n) => n > 0),
    windowSeconds: pick('windowSeconds', (n) => Number.isInteger(n) && n >= 60),
  };
}
