import { generateSync, type JsonSchema } from 'json-schema-faker';
import { getAtPointer, parsePointer } from '../../core/pointer.js';
import { sampleSchema } from './sample.js';
import type { Direction, SchemaValidator, SchemaViolation } from './schema-validator.js';

export interface GeneratedBody {
  value: unknown;
  /** How the value was obtained; `unverified` when no candidate validated against the schema. */
  source: 'example' | 'static' | 'repaired' | 'dynamic' | 'unverified';
}

/**
 * The body answered for a response schema, checked against that schema before it is used (and then
 * cached, so each schema costs one ajv compile per run):
 * 1. the contract's example, if there is one and it is valid (vendor examples sometimes are not);
 * 2. openapi-sampler's static sample;
 * 3. that sample repaired: properties the schema forbids removed;
 * 4. json-schema-faker with the mock's seed, up to five draws (it follows reference cycles that the
 *    static sampler cuts short, and draws other branches of `not`/`oneOf`).
 * When none validates, the static sample is answered and the record says `unverified`.
 */
export class BodyGenerator {
  private readonly cache = new Map<string, GeneratedBody>();

  constructor(
    private readonly document: unknown,
    private readonly validator: SchemaValidator,
    private readonly seed: number,
  ) {}

  body(pointer: string, example?: { key: string; value: unknown }, direction: Direction = 'response'): GeneratedBody {
    const cacheKey = `${direction}\0${pointer}\0${example?.key ?? ''}`;
    const hit = this.cache.get(cacheKey);
    if (hit) return { value: structuredClone(hit.value), source: hit.source };
    const made = this.make(pointer, example, direction);
    this.cache.set(cacheKey, made);
    return { value: structuredClone(made.value), source: made.source };
  }

  private valid(pointer: string, value: unknown, direction: Direction): { ok: boolean; violations: SchemaViolation[] } {
    const r = this.validator.check(pointer, value, direction);
    return r.checked ? { ok: r.violations.length === 0, violations: r.violations } : { ok: true, violations: [] };
  }

  private make(pointer: string, example: { value: unknown } | undefined, direction: Direction): GeneratedBody {
    if (example && this.valid(pointer, example.value, direction).ok) return { value: example.value, source: 'example' };
    const first = sampleSchema(this.document, pointer, direction);
    const checked = this.valid(pointer, first, direction);
    if (checked.ok) return { value: first, source: 'static' };
    const repaired = removeForbidden(structuredClone(first), checked.violations);
    if (repaired.changed && this.valid(pointer, repaired.value, direction).ok) return { value: repaired.value, source: 'repaired' };
    for (let attempt = 1; attempt <= 5; attempt++) {
      const dynamic = this.dynamic(pointer, attempt);
      if (dynamic !== undefined && this.valid(pointer, dynamic, direction).ok) return { value: dynamic, source: 'dynamic' };
    }
    return { value: first, source: 'unverified' };
  }

  private dynamic(pointer: string, attempt: number): unknown {
    const schema = getAtPointer(this.document, pointer);
    if (schema === undefined) return undefined;
    try {
      return generateSync(schema as JsonSchema, {
        seed: this.seed * 31 + attempt,
        optionalsProbability: 0,
        fillProperties: false,
        // Without a cap jsf fills an array up to its `maxItems` (100000 in the runtime's own contract): 5 MB
        // bodies and seconds of blocked event loop. The result is validated anyway.
        maxItems: 3,
        maxDefaultItems: 2,
        refDepthMax: 6,
        maxDepth: 12,
        refResolver: (ref: string) => (ref.startsWith('#') ? (getAtPointer(this.document, decodeURIComponent(ref.slice(1))) as JsonSchema) : {}),
      });
    } catch {
      return undefined;
    }
  }
}

function removeForbidden(value: unknown, violations: SchemaViolation[]): { value: unknown; changed: boolean } {
  let changed = false;
  for (const v of violations) {
    if (v.keyword !== 'additionalProperties' && v.keyword !== 'unevaluatedProperties') continue;
    const tokens = parsePointer(v.pointer);
    const key = tokens.pop();
    const parent = getAtPointer(value, tokens.length ? '/' + tokens.map((t) => t.replace(/~/g, '~0').replace(/\//g, '~1')).join('/') : '');
    if (key !== undefined && parent && typeof parent === 'object' && !Array.isArray(parent) && key in parent) {
      delete (parent as Record<string, unknown>)[key];
      changed = true;
    }
  }
  return { value, changed };
}
