/**
 * Just enough state for create-then-get within one run of a mock:
 * - a POST that answers 2xx with an object holding an id-like field (`id`, `sid`, `sys_id`, `Id`,
 *   `key`, `uuid`, at the top or inside a `result`/`data` wrapper) gets a fresh id, takes over the
 *   request's fields where the response has a field of the same name and JSON type, and is stored
 *   under `<request path>/<id>` for each id-like value;
 * - GET on a stored path answers the stored object; PUT, PATCH (and POST, as Stripe updates) merge
 *   the request's fields into it; DELETE removes it, and later requests for it answer 404;
 * - list operations are not filtered or extended, and nothing survives a restart.
 * A trailing `.json` (Twilio) is ignored when paths are compared.
 */
export class ResourceState {
  private readonly items = new Map<string, Record<string, unknown>>();
  private readonly deleted = new Set<string>();
  private counter = 0;

  get size(): number {
    return this.items.size;
  }

  clear(): void {
    this.items.clear();
    this.deleted.clear();
    this.counter = 0;
  }

  /** What the store says about a path before a response is generated. */
  lookup(path: string): { found?: Record<string, unknown>; gone: boolean } {
    const key = pathKey(path);
    return { found: this.items.get(key), gone: this.deleted.has(key) };
  }

  /** Records a created resource; returns the body to send (with its new id). */
  create(path: string, body: unknown, request: unknown): unknown {
    const slot = idSlot(body);
    if (!slot) return body;
    const n = ++this.counter;
    const copy = structuredClone(body) as Record<string, unknown>;
    const target = slot.wrapper ? (copy[slot.wrapper] as Record<string, unknown>) : copy;
    overlay(target, request);
    for (const key of ID_KEYS) if (typeof target[key] === 'string' || typeof target[key] === 'number') target[key] = freshId(target[key] as string | number, n);
    const base = pathKey(path);
    for (const key of ID_KEYS) {
      const id = target[key];
      if (typeof id === 'string' || typeof id === 'number') {
        this.items.set(`${base}/${id}`, copy);
        this.deleted.delete(`${base}/${id}`);
      }
    }
    return copy;
  }

  update(path: string, request: unknown): Record<string, unknown> | undefined {
    const found = this.items.get(pathKey(path));
    if (!found) return undefined;
    const slot = idSlot(found);
    overlay(slot?.wrapper ? (found[slot.wrapper] as Record<string, unknown>) : found, request);
    return found;
  }

  remove(path: string): boolean {
    const key = pathKey(path);
    const found = this.items.get(key);
    if (!found) return false;
    for (const [k, v] of this.items) if (v === found) {
      this.items.delete(k);
      this.deleted.add(k);
    }
    return true;
  }
}

const ID_KEYS = ['id', 'sid', 'sys_id', 'Id', 'key', 'uuid'];
const WRAPPERS = ['result', 'data'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function idSlot(body: unknown): { wrapper?: string } | undefined {
  if (!isRecord(body)) return undefined;
  if (ID_KEYS.some((k) => typeof body[k] === 'string' || typeof body[k] === 'number')) return {};
  for (const w of WRAPPERS) {
    const inner = body[w];
    if (isRecord(inner) && ID_KEYS.some((k) => typeof inner[k] === 'string' || typeof inner[k] === 'number')) return { wrapper: w };
  }
  return undefined;
}

/** Keeps the generated id's length and prefix (so patterns like `^SM[0-9a-f]{32}$` still hold), ending in the counter. */
function freshId(original: string | number, n: number): string | number {
  if (typeof original === 'number') return n;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(original)) return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const digits = String(n);
  if (original.length < digits.length + 1) return original + digits;
  return original.slice(0, original.length - digits.length) + digits;
}

function overlay(target: Record<string, unknown>, request: unknown): void {
  if (!isRecord(request)) return;
  for (const [k, v] of Object.entries(request)) {
    if (ID_KEYS.includes(k) || !(k in target)) continue;
    const current = target[k];
    const same = (current === null && v === null) || (typeof current === typeof v && Array.isArray(current) === Array.isArray(v) && typeof v !== 'object');
    if (same) target[k] = v;
  }
}

function pathKey(path: string): string {
  return path.replace(/\.json$/, '').replace(/\/+$/, '');
}
