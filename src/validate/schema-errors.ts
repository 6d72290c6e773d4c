import type { ErrorObject } from 'ajv';
import type { Diagnostic } from '../core/diagnostic.js';
import { diagnosticAt, type ParsedDocument } from '../core/document.js';
import { appendPointer } from '../core/pointer.js';
import { closestMatches } from '../core/suggest.js';

/**
 * AJV errors as located diagnostics, one per real problem: branch noise from `oneOf`/`if` is dropped,
 * an unknown property points at the property with a "did you mean", a missing one at its parent.
 */
export function schemaDiagnostics(doc: ParsedDocument, errors: readonly ErrorObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if') continue;
    let pointer = e.instancePath;
    let message: string;
    let suggest: string[] | undefined;
    let property: unknown;
    const params = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'required':
        message = `Missing required property '${String(params.missingProperty)}'`;
        property = params.missingProperty;
        break;
      case 'additionalProperties': {
        const prop = String(params.additionalProperty);
        pointer = appendPointer(pointer, prop);
        const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
        suggest = closestMatches(prop, known);
        message = `Unknown property '${prop}'` + (known.length ? ` (allowed: ${known.join(', ')})` : '');
        break;
      }
      case 'enum': {
        const allowed = (params.allowedValues as unknown[]).map(String);
        message = `Must be one of: ${allowed.join(', ')}`;
        const value = valueAt(doc.value, e.instancePath);
        if (typeof value === 'string') suggest = closestMatches(value, allowed);
        break;
      }
      case 'const':
        message = `Must be ${JSON.stringify(params.allowedValue)}`;
        break;
      case 'type':
        message = `Must be ${String(params.type)}`;
        break;
      case 'format':
        message = `Must be a valid ${String(params.format)}`;
        break;
      case 'pattern':
        message = `${describe(e)} does not match the expected form (${String(params.pattern)})`;
        break;
      case 'discriminator':
        message = params.tag ? `'${String(params.tag)}' must be one of the documented types` : e.message ?? 'Invalid value';
        break;
      default:
        message = `${describe(e)} ${e.message ?? 'is invalid'}`;
    }
    const key = `${pointer}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(diagnosticAt(doc, pointer, { severity: 'error', code: 'schema', message, ...(suggest?.length ? { suggest } : {}), data: { keyword: e.keyword, schemaPath: e.schemaPath, ...(property === undefined ? {} : { property }) } }));
  }
  return withoutMisspeltRequired(out);
}

/**
 * A misspelt required key is one mistake, not two: when an unknown property's first suggestion is a missing
 * required property of the same object, only the unknown property (with its "did you mean") is reported.
 */
function withoutMisspeltRequired(out: Diagnostic[]): Diagnostic[] {
  const keyOf = (d: Diagnostic, prop: unknown): string => `${d.location?.pointer ?? ''}\u0000${String(prop)}`;
  const misspelt = new Set<string>();
  for (const d of out) {
    const pointer = d.location?.pointer;
    if (d.data?.keyword !== 'additionalProperties' || !d.suggest?.length || pointer === undefined) continue;
    misspelt.add(`${pointer.slice(0, pointer.lastIndexOf('/'))}\u0000${d.suggest[0]}`);
  }
  return misspelt.size === 0 ? out : out.filter((d) => !(d.data?.keyword === 'required' && misspelt.has(keyOf(d, d.data.property))));
}

function describe(e: ErrorObject): string {
  const last = e.instancePath.split('/').pop();
  return last ? `'${last.replace(/~1/g, '/').replace(/~0/g, '~')}'` : 'Value';
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const token of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[token.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}
