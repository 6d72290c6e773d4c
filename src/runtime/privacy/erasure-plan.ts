import { IDENTIFIER_TYPES, type IdentifierType, type SubjectIdentifier } from '../../core/erasure-api.js';

/** An Integration's `erasure` section as applied (see schemas/integration.schema.json). */
export interface ErasureSpec {
  method: 'delete' | 'suppress' | 'tokenize';
  operation?: string;
  identifier?: string;
  identifierType?: IdentifierType;
  withinDays?: number;
  /** Request fields → templates over `{{subject.value}}` and `{{lookup.id}}`, as `actions[].with`. */
  with?: Record<string, unknown>;
  /** The vendor's own id, found first: an operation, its request, and where the id is in the answer. */
  lookup?: { operation: string; with?: Record<string, unknown>; id: string };
}

/** One connector step as planned when the request is accepted; kept with the step so a later apply cannot change it. */
export interface PlannedStep {
  stepId: string;
  integration: string;
  contract: string;
  identifierType: IdentifierType;
  erasure: ErasureSpec;
}

/** Why an applied integration was not asked to erase: the "nothing held" evidence names each one. */
export interface SkippedIntegration {
  integration: string;
  reason: 'no-erasure' | 'disabled' | 'identifier-type' | 'jurisdiction';
  detail?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The identifier type a connector's `erasure.identifier` field holds: declared (`identifierType`), else read
 * from the field's name (an email or phone column), else the vendor's account id.
 */
export function connectorIdentifierType(erasure: ErasureSpec): IdentifierType {
  if (erasure.identifierType && (IDENTIFIER_TYPES as readonly string[]).includes(erasure.identifierType)) return erasure.identifierType;
  const name = erasure.identifier ?? '';
  if (/e-?mail/i.test(name)) return 'email';
  if (/phone|mobile|msisdn|^to$/i.test(name)) return 'phone';
  return 'accountId';
}

/**
 * Which applied integrations hold the subject's data, and the step each runs: an integration with a declared
 * erasure, enabled, whose identifier type the request names, and (when the request gives one) whose
 * `data.subjects` include the request's jurisdiction. Pure: the caller passes the applied state.
 */
export function planErasure(
  integrations: readonly { name: string; spec: Record<string, unknown> }[],
  identifiers: readonly SubjectIdentifier[],
  jurisdiction: string | null,
): { steps: PlannedStep[]; skipped: SkippedIntegration[] } {
  const types = new Set(identifiers.map((i) => i.type));
  const steps: PlannedStep[] = [];
  const skipped: SkippedIntegration[] = [];
  for (const { name, spec } of [...integrations].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const erasure = spec.erasure;
    if (!isObject(erasure) || typeof erasure.method !== 'string') {
      skipped.push({ integration: name, reason: 'no-erasure' });
      continue;
    }
    if (spec.enabled === false) {
      skipped.push({ integration: name, reason: 'disabled' });
      continue;
    }
    const e = erasure as unknown as ErasureSpec;
    const type = connectorIdentifierType(e);
    if (!types.has(type)) {
      skipped.push({ integration: name, reason: 'identifier-type', detail: type });
      continue;
    }
    const data = isObject(spec.data) ? spec.data : {};
    const subjects = Array.isArray(data.subjects) ? data.subjects.map(String) : null;
    if (jurisdiction && subjects && !subjects.includes(jurisdiction)) {
      skipped.push({ integration: name, reason: 'jurisdiction', detail: subjects.join(',') });
      continue;
    }
    const contract = isObject(spec.contract) && typeof spec.contract.ref === 'string' ? spec.contract.ref : '';
    steps.push({ stepId: `${name}:${e.method}`, integration: name, contract, identifierType: type, erasure: e });
  }
  return { steps, skipped };
}
