/**
 * A string column handed to the Parquet writer as UTF-8 bytes it writes as they are. Given strings,
 * hyparquet-writer encodes each with a TextEncoder: an ArrayBuffer and its backing store per value, most of an
 * export's garbage. Here one buffer holds a column's bytes (reused from batch to batch) and each value is a
 * view into it; equal strings share one view while the column repeats itself, so a dictionary column still
 * finds its values by identity. The bytes, and so the file, are those a TextEncoder gives (lone surrogates
 * become U+FFFD in both).
 *
 * The views live only while the group is written: a value the writer keeps (a statistic's bound) must be
 * copied out before the buffer is reused (see `detachBounds`).
 */
export interface Utf8Column {
  /** Replaces the column's strings by UTF-8 views, in place (`null` and other values stay); valid until the next call. */
  views(values: unknown[]): unknown[];
}

/** Values read before deciding whether equal strings are worth sharing one view. */
const SAMPLE = 1024;

export function utf8Column(): Utf8Column {
  let buffer = Buffer.allocUnsafeSlow(1 << 20);
  return {
    views(values) {
      let bytes = buffer;
      // Sharing costs a map entry a value: kept only while a sample shows repeats (a column of mostly distinct
      // values, an id or an e-mail, would gain nothing from it).
      let shared: Map<string, Uint8Array> | null = new Map();
      let strings = 0;
      let at = 0;
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (typeof v !== 'string') continue;
        if (shared) {
          const seen = shared.get(v);
          if (seen) {
            values[i] = seen;
            continue;
          }
          if (++strings === SAMPLE && shared.size > SAMPLE / 2) shared = null;
        }
        const n = v.length;
        // A UTF-16 unit takes at most 3 bytes in UTF-8 (a surrogate pair, two units, takes 4). A full buffer is
        // replaced, not copied: the views already made keep the old one alive until the group is written.
        if (at + n * 3 > bytes.length) {
          bytes = Buffer.allocUnsafeSlow(Math.max(n * 3, bytes.length * 2));
          at = 0;
        }
        const start = at;
        let k = 0;
        // ASCII byte by byte (short values: cheaper than a call into the encoder); anything else as UTF-8.
        for (; k < n; k++) {
          const c = v.charCodeAt(k);
          if (c >= 0x80) break;
          bytes[at + k] = c;
        }
        at = k === n ? at + n : start + bytes.write(v, start, 'utf8');
        // A plain Uint8Array, not a Buffer: the writer copies bounds with slice, which on a Buffer is a view.
        const view = new Uint8Array(bytes.buffer, start, at - start);
        shared?.set(v, view);
        values[i] = view;
      }
      // The largest buffer a column needed is kept for the next group.
      buffer = bytes;
      return values;
    },
  };
}

interface Bounds {
  min_value?: unknown;
  max_value?: unknown;
}

/** Replaces byte bounds that are views into a reused buffer by copies of their own (a statistic outlives the group). */
export function detachBounds(statistics: Bounds | undefined): void {
  if (!statistics) return;
  if (statistics.min_value instanceof Uint8Array) statistics.min_value = new Uint8Array(statistics.min_value);
  if (statistics.max_value instanceof Uint8Array) statistics.max_value = new Uint8Array(statistics.max_value);
}
