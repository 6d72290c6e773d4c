import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level and no insignificant whitespace, so that equal values
 * always hash equally: the plan and the runtime hash specs alike, and the audit chain depends on it.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    // undefined, functions and symbols have no JSON form; inside objects they are skipped like JSON.stringify does.
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const v = record[key];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The content hash of a resource spec. */
export function specHash(spec: unknown): string {
  return sha256Hex(canonicalJson(spec));
}
