/** The period one export run covers: `[start, end)`, always whole UTC hours or days. */
export interface ExportWindow {
  start: Date;
  end: Date;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Reads `--window`: a UTC day (`2026-12-03`), an hour (`2026-12-03T14`), or an ISO interval
 * (`2026-12-03T00:00:00Z/2026-12-04T00:00:00Z`). Returns null for anything else.
 */
export function parseWindow(text: string): ExportWindow | null {
  let m = /^(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (m) {
    const start = new Date(`${m[1]}T00:00:00Z`);
    return Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== m[1] ? null : { start, end: new Date(start.getTime() + DAY) };
  }
  m = /^(\d{4}-\d{2}-\d{2}T\d{2})$/.exec(text);
  if (m) {
    const start = new Date(`${m[1]}:00:00Z`);
    return Number.isNaN(start.getTime()) ? null : { start, end: new Date(start.getTime() + HOUR) };
  }
  const parts = text.split('/');
  if (parts.length !== 2) return null;
  const [start, end] = parts.map((p) => new Date(p));
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end <= start) return null;
  return { start, end };
}

/** The last whole period before `now`: what a scheduled run exports. */
export function previousWindow(unit: 'month' | 'day' | 'hour', now: Date): ExportWindow {
  if (unit === 'month') {
    const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    return { start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)), end: new Date(end) };
  }
  const size = unit === 'day' ? DAY : HOUR;
  const end = Math.floor(now.getTime() / size) * size;
  return { start: new Date(end - size), end: new Date(end) };
}

/** The folder name of a window in the destination: `20261203T000000Z-20261204T000000Z`. */
export function windowLabel(w: ExportWindow): string {
  const f = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return `${f(w.start)}-${f(w.end)}`;
}
