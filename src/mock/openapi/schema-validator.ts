import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { getAtPointer } from '../../core/pointer.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

const DOC_ID = 'https://interlock.dev/mock/contract';

/** One schema violation: where in the checked value, which keyword, and where the schema is. */
export interface SchemaViolation {
  /** JSON pointer into the checked value. */
  pointer: string;
  keyword: string;
  message: string;
  /** Pointer of the failing keyword inside the contract when ajv reports one through a `$ref`. */
  schemaPath: string;
}

export type SchemaResult = { checked: true; violations: SchemaViolation[] } | { checked: false; reason: string };

export type Direction = 'request' | 'response';

/**
 * Compiles schemas of a normalised description by JSON pointer, once each, on first use: a mock of
 * the Stripe spec starts without compiling its thousands of schemas. Two ajv instances share the
 * document: one coerces strings (query, path, header and form values arrive as text), one does not
 * (JSON bodies). `readOnly` properties are not required in requests, nor `writeOnly` ones in responses.
 */
export class SchemaValidator {
  private strictAjv?: Ajv2020;
  private coercingAjv?: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction | string>();

  constructor(private readonly document: unknown) {}

  /** Created on first use: adding a 4 MB description to ajv is a walk of the whole document. */
  private ajv(coerce: boolean): Ajv2020 {
    const existing = coerce ? this.coercingAjv : this.strictAjv;
    if (existing) return existing;
    const ajv = addFormats(new Ajv2020({ strict: false, validateSchema: false, allErrors: true, verbose: true, logger: false, ...(coerce ? { coerceTypes: 'array' as const } : {}) }));
    ajv.addSchema({ ...(this.document as Record<string, unknown>), $id: DOC_ID });
    if (coerce) this.coercingAjv = ajv;
    else this.strictAjv = ajv;
    return ajv;
  }

  /** Validates `value` against the schema at `pointer`; `coerce` validates text values (parameters, forms). */
  check(pointer: string, value: unknown, direction: Direction, coerce = false): SchemaResult {
    const key = `${coerce ? 'c' : 's'}${pointer}`;
    let validate = this.compiled.get(key);
    if (validate === undefined) {
      try {
        const ajv = this.ajv(coerce);
        // Coercion only rewrites values held by a parent, so the value is checked as a property.
        validate = ajv.compile(coerce ? { type: 'object', properties: { v: { $ref: `${DOC_ID}#${pointer}` } } } : { $ref: `${DOC_ID}#${pointer}` });
      } catch (error) {
        validate = `the schema at #${pointer} cannot be compiled: ${(error as Error).message}`;
      }
      this.compiled.set(key, validate);
    }
    if (typeof validate === 'string') return { checked: false, reason: validate };
    const data = coerce ? { v: value } : value;
    if (validate(data)) return { checked: true, violations: [] };
    const violations = (validate.errors ?? [])
      .filter((e) => !this.ignored(e, direction))
      .map((e) => toViolation(e, coerce))
      .filter((v) => v.keyword !== 'if');
    return { checked: true, violations: dedupe(violations) };
  }

  /** The value coercion produced (e.g. `"3"` → `3`), after a successful `check` with `coerce`. */
  coerced(pointer: string, value: unknown): unknown {
    const validate = this.compiled.get(`c${pointer}`);
    if (typeof validate !== 'function') return value;
    const holder = { v: value };
    validate(holder);
    return holder.v;
  }

  private ignored(e: ErrorObject, direction: Direction): boolean {
    if (e.keyword !== 'required') return false;
    const missing = (e.params as { missingProperty?: string }).missingProperty;
    const parent = e.parentSchema as { properties?: Record<string, unknown> } | undefined;
    let prop = missing !== undefined ? parent?.properties?.[missing] : undefined;
    for (let hops = 0; hops < 8 && prop && typeof prop === 'object' && typeof (prop as { $ref?: unknown }).$ref === 'string'; hops++) {
      const ref = (prop as { $ref: string }).$ref;
      prop = ref.startsWith('#') ? getAtPointer(this.document, decodeURIComponent(ref.slice(1))) : undefined;
    }
    const flags = (prop ?? {}) as { readOnly?: unknown; writeOnly?: unknown };
    return direction === 'request' ? flags.readOnly === true : flags.writeOnly === true;
  }
}

function toViolation(e: ErrorObject, coerce: boolean): SchemaViolation {
  let pointer = e.instancePath;
  if (coerce) pointer = pointer.replace(/^\/v/, '');
  const missing = (e.params as { missingProperty?: string }).missingProperty;
  const extra = (e.params as { additionalProperty?: string }).additionalProperty;
  if (e.keyword === 'required' && missing !== undefined) pointer += '/' + escape(missing);
  if (e.keyword === 'additionalProperties' && extra !== undefined) pointer += '/' + escape(extra);
  const sp = e.schemaPath.startsWith(`${DOC_ID}#`) ? e.schemaPath.slice(DOC_ID.length) : e.schemaPath;
  const schemaPath = /^#\/(components|definitions|paths)\//.test(sp) ? sp.slice(1) : '';
  const message = e.keyword === 'required' ? `is required` : e.keyword === 'additionalProperties' ? 'is not allowed by the schema' : (e.message ?? e.keyword);
  return { pointer, keyword: e.keyword, message, schemaPath };
}

function escape(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** anyOf/oneOf report every branch; keep one line per place and keyword. */
function dedupe(list: SchemaViolation[]): SchemaViolation[] {
  const seen = new Set<string>();
  return list.filter((v) => {
    const k = `${v.pointer}\0${v.keyword}\0${v.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
