import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Bumped whenever the file layout or what an entry means changes. */
const FORMAT = 1;
const FILE = 'documents.v1.cache';
/** Unused entries kept besides the ones a run used: enough for a base revision and a branch or two. */
const MIN_KEPT = 1000;

/**
 * Parsed YAML documents by the sha-256 of their text, in `.interlock/cache`, so an unchanged file is not
 * parsed again. An entry holds the values of a file that parsed without a problem and nested within the
 * depth bound; files with problems are never cached, so their diagnostics always come from a real parse.
 *
 * The file is one header line (format and `stamp`: the Interlock version and the schemas' hash) and one
 * line per entry, `key TAB checksum TAB json`. A header that differs drops the whole file; an entry whose
 * checksum or JSON is broken is a miss and is rewritten. Nothing here ever fails a command: an unreadable
 * or unwritable cache behaves as an empty one.
 */
export class DocumentCache {
  private readonly stored = new Map<string, { check: string; json: string }>();
  private readonly used = new Map<string, string>();
  private dirty = false;

  private constructor(
    private readonly file: string,
    private readonly stamp: string,
  ) {}

  /** Opens the cache in `dir` (created on first save); `stamp` identifies what may be reused. */
  static open(dir: string, stamp: string): DocumentCache {
    const cache = new DocumentCache(path.join(dir, FILE), stamp);
    cache.read();
    return cache;
  }

  /** The key of a text: its sha-256. */
  key(text: string): string {
    return createHash('sha256').update(text).digest('hex');
  }

  /** The values of the documents of `text` (fresh objects each time), or undefined on a miss. */
  get(key: string): unknown[] | undefined {
    const json = this.used.get(key) ?? this.verified(key);
    if (json === undefined) return undefined;
    try {
      const values = JSON.parse(json) as unknown;
      if (!Array.isArray(values)) throw new TypeError('not a list');
      this.used.set(key, json);
      return values;
    } catch {
      this.stored.delete(key);
      this.dirty = true;
      return undefined;
    }
  }

  /** Remembers the values of a file's documents; values JSON cannot carry exactly (dates, NaN, -0) are not cached. */
  set(key: string, values: unknown[]): void {
    // An empty document between separators reads as undefined; it is skipped like null.
    const plain = values.map((v) => (v === undefined ? null : v));
    if (!plain.every(isPlainJson)) return;
    this.used.set(key, JSON.stringify(plain));
    this.dirty = true;
  }

  /**
   * Writes the cache when something changed: the entries used in this process first, then earlier ones
   * up to a bound. Written to a temporary file and renamed, so a reader never sees half a file.
   */
  save(): void {
    if (!this.dirty) return;
    const lines = [JSON.stringify({ format: FORMAT, stamp: this.stamp })];
    for (const [key, json] of this.used) lines.push(`${key}\t${checksum(json)}\t${json}`);
    let spare = Math.max(MIN_KEPT, this.used.size);
    for (const [key, entry] of this.stored) {
      if (spare <= 0) break;
      if (this.used.has(key)) continue;
      lines.push(`${key}\t${entry.check}\t${entry.json}`);
      spare--;
    }
    const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      // The cache ignores itself, as pytest's and ruff's do: a repository without `.interlock/` in its
      // .gitignore stays clean, so plan and apply still record the commit they ran on.
      writeFileSync(path.join(path.dirname(this.file), '.gitignore'), '# written by interlock: a cache, never committed\n*\n');
      writeFileSync(tmp, lines.join('\n') + '\n');
      renameSync(tmp, this.file);
      this.dirty = false;
    } catch {
      rmSync(tmp, { force: true }); // a read-only workspace simply goes without a cache
    }
  }

  private read(): void {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return;
    }
    const lines = text.split('\n');
    if (lines[0] !== JSON.stringify({ format: FORMAT, stamp: this.stamp })) {
      this.dirty = true; // another version's cache: replaced on save
      return;
    }
    for (let i = 1; i < lines.length; i++) {
      const [key, check, json] = lines[i].split('\t');
      if (key && check && json !== undefined) this.stored.set(key, { check, json });
      else if (lines[i]) this.dirty = true;
    }
  }

  private verified(key: string): string | undefined {
    const entry = this.stored.get(key);
    if (!entry) return undefined;
    if (checksum(entry.json) === entry.check) return entry.json;
    this.stored.delete(key);
    this.dirty = true;
    return undefined;
  }
}

function checksum(json: string): string {
  return createHash('sha256').update(json).digest('base64url').slice(0, 22);
}

/** Whether JSON carries `value` exactly: plain objects and arrays of strings, finite numbers, booleans and null. */
function isPlainJson(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v === 'string' || typeof v === 'boolean') continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || Object.is(v, -0)) return false;
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push(v[i]);
      continue;
    }
    if (typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return false;
    for (const child of Object.values(v)) stack.push(child);
  }
  return true;
}
