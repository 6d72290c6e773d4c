import type { AlertRule, Firing } from './rule.js';
import { vendorEvidence } from '../vendor-evidence.js';

/** How far ahead an expiry is announced. */
export const EXPIRY_NOTICE_DAYS = 30;

/**
 * `evidence-expiring` (Sev-3 within 30 days, Sev-2 once expired): the vendor's assessment or an attestation
 * (SOC 2 period end, ISO 27001 validity, bridge letter) of an applied integration runs out. One alert per
 * vendor and document, whichever integration of the vendor is looked at.
 */
export const expiringEvidence: AlertRule = {
  id: 'evidence-expiring',
  evaluate({ now, integrations }) {
    const out = new Map<string, Firing>();
    for (const i of integrations) {
      if (!i.vendor) continue;
      for (const e of vendorEvidence(i.vendor.spec)) {
        const days = Math.floor((Date.parse(e.expires) - now.getTime()) / 86_400_000);
        if (!(days <= EXPIRY_NOTICE_DAYS)) continue;
        const key = `evidence-expiring:${i.vendor.name}:${e.document}`;
        out.set(key, {
          rule: 'evidence-expiring',
          dedupeKey: key,
          severity: days < 0 ? 'sev-2' : 'sev-3',
          integration: null,
          summary: days < 0 ? `${i.vendor.name}: ${e.document} expired on ${e.expires}` : `${i.vendor.name}: ${e.document} expires on ${e.expires} (in ${days} days)`,
          data: { vendor: i.vendor.name, document: e.document, expires: e.expires },
        });
      }
    }
    return [...out.values()];
  },
};
