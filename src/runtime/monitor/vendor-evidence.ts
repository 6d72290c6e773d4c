/** A dated document of a vendor's file: the assessment or an attestation, and when it stops counting. */
export interface VendorEvidence {
  document: string;
  expires: string;
}

const day = (v: unknown): string | null => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? v.slice(0, 10) : v instanceof Date ? v.toISOString().slice(0, 10) : null);

/** The assessment's `expiresAt` and each attestation's `validUntil` or `bridgeLetterUntil`/`periodEnd` + 12 months. */
export function vendorEvidence(spec: Record<string, unknown>): VendorEvidence[] {
  const out: VendorEvidence[] = [];
  const assessment = spec.assessment as Record<string, unknown> | undefined;
  const expiresAt = day(assessment?.expiresAt);
  if (expiresAt) out.push({ document: 'assessment', expires: expiresAt });
  for (const a of (spec.attestations ?? []) as Record<string, unknown>[]) {
    const type = typeof a.type === 'string' ? a.type : 'attestation';
    const until = day(a.validUntil) ?? day(a.bridgeLetterUntil) ?? periodPlusYear(day(a.periodEnd));
    if (until) out.push({ document: type, expires: until });
  }
  return out;
}

/** A SOC 2 report covers a period; it is customarily relied on for twelve months after the period ends. */
function periodPlusYear(periodEnd: string | null): string | null {
  if (!periodEnd) return null;
  const d = new Date(`${periodEnd}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString().slice(0, 10);
}

/** The assessment state a trust score counts: approved and unexpired, pending, expired, or missing. */
export function assessmentState(spec: Record<string, unknown> | undefined, now: Date): 'approved' | 'pending' | 'expired' | 'missing' {
  const a = spec?.assessment as Record<string, unknown> | undefined;
  if (!a) return 'missing';
  const expires = day(a.expiresAt);
  if (expires && Date.parse(expires) < now.getTime()) return 'expired';
  return a.status === 'approved' ? 'approved' : 'pending';
}

export function expiredAttestations(spec: Record<string, unknown> | undefined, now: Date): number {
  if (!spec) return 0;
  return vendorEvidence(spec).filter((e) => e.document !== 'assessment' && Date.parse(e.expires) < now.getTime()).length;
}
