import type { Classification } from '../../core/resources.js';

const SENSITIVITIES = ['public', 'internal', 'confidential', 'restricted'] as const;
const PII = ['contact', 'identifier', 'name', 'financial', 'health', 'location', 'credentials', 'behavioral', 'employment', 'demographic', 'biometric', 'communications'] as const;

/**
 * An `x-classification` value from a contract: `{sensitivity, pii}` like the integration's
 * `data.fields`, or a bare sensitivity name. Undefined when absent, 'invalid' when unreadable.
 */
export function readClassification(value: unknown): Classification | 'invalid' | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return (SENSITIVITIES as readonly string[]).includes(value) ? { sensitivity: value as Classification['sensitivity'], pii: null } : 'invalid';
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'invalid';
  const v = value as Record<string, unknown>;
  if (!(SENSITIVITIES as readonly string[]).includes(v.sensitivity as string)) return 'invalid';
  const pii = v.pii ?? null;
  if (pii !== null && !(PII as readonly string[]).includes(pii as string)) return 'invalid';
  return { sensitivity: v.sensitivity as Classification['sensitivity'], pii: pii as Classification['pii'] };
}
