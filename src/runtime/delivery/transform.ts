/** `events.transform` of an Integration: applied in the order pick, rename, set. */
export interface EventTransform {
  pick?: string[];
  rename?: Record<string, string>;
  set?: Record<string, unknown>;
}

/**
 * Reshapes an event's data before delivery. Only objects are reshaped; other data passes through
 * unchanged (there are no fields to pick). The input is never mutated.
 */
export function applyTransform(data: unknown, transform: EventTransform | undefined): unknown {
  if (!transform || data === null || typeof data !== 'object' || Array.isArray(data)) return data;
  let out: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  if (transform.pick) {
    const picked: Record<string, unknown> = {};
    for (const key of transform.pick) if (Object.hasOwn(out, key)) picked[key] = out[key];
    out = picked;
  }
  if (transform.rename) {
    const renamed: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(out)) renamed[Object.hasOwn(transform.rename, key) ? transform.rename[key] : key] = value;
    out = renamed;
  }
  if (transform.set) out = { ...out, ...transform.set };
  return out;
}
