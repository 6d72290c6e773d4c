/** Column values differ a little between the two drivers (int8 as string or number, timestamps as Date). */
export function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

export function toIso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

export function toIsoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : toIso(value);
}

export function toStringOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
