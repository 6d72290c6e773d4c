import type { Diagnostic } from '../../core/diagnostic.js';
import { diagnosticAt, type ParsedDocument } from '../../core/document.js';
import { appendPointer, getAtPointer, parsePointer } from '../../core/pointer.js';
import type { ClassifiedField, TypeDecl } from './adapter-model.js';
import { readClassification } from './classification.js';
import { docLines, NameRegistry, pascalCase, propertyKey } from './naming.js';

type Schema = Record<string, unknown>;

/** Keywords whose meaning a TypeScript type cannot carry; the schema becomes `unknown` with a warning. */
const UNSUPPORTED = ['not', 'if', 'patternProperties', 'dependentSchemas', '$dynamicRef', '$recursiveRef', 'unevaluatedProperties'] as const;

/** Deeper inline nesting than this is almost certainly a generated or hostile description. */
const MAX_DEPTH = 64;

const INDENT = '  ';

/**
 * Turns OpenAPI schemas into TypeScript type text. Every `$ref` target becomes one named type,
 * referenced by name, so recursive schemas terminate; inline schemas render in place.
 * Classification (`x-classification`) is collected per field path as the types are built.
 */
export class SchemaTyper {
  readonly diagnostics: Diagnostic[] = [];
  readonly classification: ClassifiedField[] = [];
  readonly fieldTypes: { key: string; type: string }[] = [];
  /** Contract schema name (last pointer segment) → generated type name, for matching integration field keys. */
  readonly contractNames = new Map<string, string>();
  /** Every `Type.field.path` the types declare. */
  readonly knownFields = new Set<string>();
  private readonly decls = new Map<string, TypeDecl>();
  private readonly refNames = new Map<string, string>();
  private readonly pending: string[] = [];
  private readonly warned = new Set<string>();

  constructor(
    readonly doc: ParsedDocument,
    readonly names: NameRegistry,
  ) {}

  get root(): unknown {
    return this.doc.value;
  }

  /** Named type for a `$ref` target pointer, declared once (the body is built when `drain` runs). */
  refName(pointer: string): string {
    const known = this.refNames.get(pointer);
    if (known) return known;
    const segments = parsePointer(pointer);
    const last = segments[segments.length - 1] ?? 'Schema';
    const name = this.names.claim(pascalCase(last));
    this.refNames.set(pointer, name);
    if (!this.contractNames.has(last)) this.contractNames.set(last, name);
    this.pending.push(pointer);
    return name;
  }

  /** Declares `name` for an inline schema at `pointer` (request bodies, responses). */
  declare(name: string, schema: unknown, pointer: string, doc: string[] = []): void {
    this.decls.set(name, this.declFor(name, schema, pointer, doc));
  }

  /** Builds every referenced type, including those found while building others. */
  drain(): void {
    while (this.pending.length) {
      const pointer = this.pending.shift()!;
      const name = this.refNames.get(pointer)!;
      const schema = getAtPointer(this.root, pointer);
      this.decls.set(name, this.declFor(name, schema, pointer, []));
    }
  }

  /** Every `$ref` target met so far, in discovery order, with its type name. */
  refTargets(): [pointer: string, name: string][] {
    return [...this.refNames];
  }

  types(): TypeDecl[] {
    return [...this.decls.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Type text for a schema written at `pointer`. `path` names the field for classification (`Type.a.b`). */
  typeOf(schema: unknown, pointer: string, path: string, depth = 0): string {
    if (schema === true || schema === undefined) return 'unknown';
    if (schema === false) return 'never';
    if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
      return this.unsupported(pointer, 'schema', 'a schema must be an object or a boolean');
    }
    if (depth > MAX_DEPTH) return this.unsupported(pointer, 'depth', `inline schemas nested deeper than ${MAX_DEPTH} levels`);
    const s = schema as Schema;
    // `x-nullable` is the OpenAPI 2.0 spelling most tools accept.
    const nullable = s.nullable === true || s['x-nullable'] === true;
    const withNull = (t: string) => (nullable && t !== 'unknown' && t !== 'null' ? `${paren(t)} | null` : t);

    if (typeof s.$ref === 'string') {
      if (!s.$ref.startsWith('#')) return this.unsupported(appendPointer(pointer, '$ref'), '$ref', `the external reference '${s.$ref}' (only references within the contract are followed)`);
      const target = s.$ref === '#' ? '' : s.$ref.slice(1);
      if (getAtPointer(this.root, target) === undefined) return this.unsupported(appendPointer(pointer, '$ref'), '$ref', `the reference '${s.$ref}', which points at nothing`);
      const name = this.refName(target);
      // At a field: the field's type. At the top (`Type`): a type it includes or aliases.
      if (path) this.fieldTypes.push({ key: path, type: name });
      return withNull(name);
    }
    for (const keyword of UNSUPPORTED) {
      if (s[keyword] !== undefined) return this.unsupported(appendPointer(pointer, keyword), keyword, `'${keyword}'`);
    }
    if (s.const !== undefined) return withNull(literal(s.const));
    if (Array.isArray(s.enum)) {
      const values = s.enum.map((v) => (v === null ? 'null' : literal(v)));
      return withNull(unique(values).join(' | ') || 'never');
    }
    const parts: string[] = [];
    if (Array.isArray(s.allOf)) {
      const members = s.allOf.map((sub, i) => this.typeOf(sub, appendPointer(pointer, 'allOf', i), path, depth + 1));
      parts.push(members.length === 1 ? members[0] : members.map(paren).join(' & '));
    }
    for (const key of ['oneOf', 'anyOf'] as const) {
      const list = s[key];
      if (!Array.isArray(list)) continue;
      const members = unique(list.map((sub, i) => this.typeOf(sub, appendPointer(pointer, key, i), path, depth + 1)));
      parts.push(members.length === 1 ? members[0] : members.map(paren).join(' | '));
    }
    const own = this.ownType(s, pointer, path, depth);
    if (own !== undefined) parts.unshift(own);
    if (parts.length === 0) return 'unknown';
    const joined = parts.length === 1 ? parts[0] : parts.map(paren).join(' & ');
    return withNull(joined);
  }

  /** The type the schema's own `type`/`properties`/`items` say, or undefined when it says nothing. */
  private ownType(s: Schema, pointer: string, path: string, depth: number): string | undefined {
    const types = Array.isArray(s.type) ? (s.type as unknown[]) : s.type === undefined ? [] : [s.type];
    const implied = types.length === 0 && (s.properties !== undefined || s.additionalProperties !== undefined) ? ['object'] : types;
    if (implied.length === 0 && s.items !== undefined) implied.push('array');
    if (implied.length === 0) return undefined;
    const out = implied.map((t) => {
      switch (t) {
        case 'string':
          return 'string';
        case 'integer':
        case 'number':
          return 'number';
        case 'boolean':
          return 'boolean';
        case 'null':
          return 'null';
        case 'array':
          return this.arrayType(s, pointer, path, depth);
        case 'object':
          return this.objectType(s, pointer, path, depth);
        default:
          return this.unsupported(appendPointer(pointer, 'type'), 'type', `the type '${String(t)}'`);
      }
    });
    return unique(out).join(' | ');
  }

  private arrayType(s: Schema, pointer: string, path: string, depth: number): string {
    if (Array.isArray(s.prefixItems) || Array.isArray(s.items)) {
      const list = (Array.isArray(s.prefixItems) ? s.prefixItems : s.items) as unknown[];
      const key = Array.isArray(s.prefixItems) ? 'prefixItems' : 'items';
      const members = list.map((sub, i) => this.typeOf(sub, appendPointer(pointer, key, i), path, depth + 1));
      return `[${members.join(', ')}]`;
    }
    const item = this.typeOf(s.items, appendPointer(pointer, 'items'), path, depth + 1);
    return `${paren(item)}[]`;
  }

  private objectType(s: Schema, pointer: string, path: string, depth: number): string {
    const props = s.properties && typeof s.properties === 'object' ? (s.properties as Record<string, unknown>) : {};
    const required = new Set(Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === 'string') : []);
    const names = Object.keys(props);
    const extra = s.additionalProperties;
    const extraType =
      extra === undefined || extra === false ? undefined : extra === true ? 'unknown' : this.typeOf(extra, appendPointer(pointer, 'additionalProperties'), path ? `${path}.*` : '', depth + 1);
    if (names.length === 0) return extraType === undefined ? (extra === false ? 'Record<string, never>' : 'Record<string, unknown>') : `Record<string, ${extraType}>`;
    const pad = INDENT.repeat(depth + 1);
    const lines: string[] = ['{'];
    for (const name of names) {
      const propPointer = appendPointer(pointer, 'properties', name);
      const propPath = path ? `${path}.${name}` : name;
      if (path) this.knownFields.add(propPath);
      const prop = props[name];
      const type = this.typeOf(prop, propPointer, propPath, depth + 1);
      const doc = this.fieldDoc(prop, propPointer, propPath);
      if (doc.length) lines.push(`${pad}/**`, ...doc.map((l) => `${pad} *${l ? ' ' + l : ''}`), `${pad} */`);
      lines.push(`${pad}${propertyKey(name)}${required.has(name) ? '' : '?'}: ${type};`);
    }
    lines.push(`${INDENT.repeat(depth)}}`);
    const body = lines.join('\n');
    // Declared properties and an index signature of another type cannot share one object type, so
    // extra members are typed `unknown` next to the declared ones.
    return extraType === undefined ? body : `${body} & Record<string, unknown>`;
  }

  /** JSDoc for a property: description, deprecation, and the `@classification` tag. */
  private fieldDoc(prop: unknown, pointer: string, path: string): string[] {
    if (!prop || typeof prop !== 'object') return [];
    const p = prop as Schema;
    const out = docLines(typeof p.description === 'string' ? p.description : typeof p.title === 'string' ? p.title : undefined);
    if (p.deprecated === true) out.push('@deprecated');
    const read = readClassification(p['x-classification']);
    if (read === 'invalid') {
      this.diagnostics.push(
        diagnosticAt(this.doc, appendPointer(pointer, 'x-classification'), {
          severity: 'warning',
          code: 'generate/invalid-classification',
          message: "x-classification must be {sensitivity: public|internal|confidential|restricted, pii: <category>|null} or a sensitivity name",
        }),
      );
    } else if (read && path) {
      this.classification.push({ key: path, ...read, from: 'contract' });
      out.push(`@classification ${read.sensitivity}${read.pii ? ` pii=${read.pii}` : ''}`);
    }
    return out;
  }

  private declFor(name: string, schema: unknown, pointer: string, doc: string[]): TypeDecl {
    const s = schema && typeof schema === 'object' ? (schema as Schema) : {};
    const docs = [...doc, ...docLines(typeof s.description === 'string' ? s.description : undefined)];
    if (s.deprecated === true) docs.push('@deprecated');
    const body = reindent(this.typeOf(schema, pointer, name, 0));
    const isInterface = body.startsWith('{') && body.endsWith('}') && s.nullable !== true;
    return { name, doc: docs, kind: isInterface ? 'interface' : 'alias', body };
  }

  private unsupported(pointer: string, construct: string, what: string): string {
    if (!this.warned.has(pointer)) {
      this.warned.add(pointer);
      this.diagnostics.push(
        diagnosticAt(this.doc, pointer, {
          severity: 'warning',
          code: 'generate/unsupported-schema',
          message: `The generator cannot express ${what}; the type falls back to 'unknown'`,
          data: { construct },
        }),
      );
    }
    return 'unknown';
  }
}

/** Re-indents multi-line type text by brace depth, so nested inline objects read like hand-written ones. */
export function reindent(text: string, base = ''): string {
  if (!text.includes('\n')) return text;
  let depth = 0;
  return text
    .split('\n')
    .map((raw) => {
      const line = raw.trim();
      const comment = line.startsWith('/**') || line.startsWith('*');
      if (!comment && line.startsWith('}')) depth--;
      const out = (depth > 0 || base ? base + INDENT.repeat(Math.max(0, depth)) : '') + (line.startsWith('*') ? ' ' : '') + line;
      if (!comment) {
        const opens = (line.match(/\{/g) ?? []).length;
        const closes = (line.match(/\}/g) ?? []).length - (line.startsWith('}') ? 1 : 0);
        depth += opens - closes;
      }
      return out;
    })
    .join('\n');
}

function literal(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return 'unknown';
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

/** Parenthesise a union or intersection before combining it with another operator. */
function paren(type: string): string {
  return isAtomic(type) ? type : `(${type})`;
}

/** True when no `|` or `&` sits at the top level of the type text (outside brackets and string literals). */
function isAtomic(type: string): boolean {
  let depth = 0;
  for (let i = 0; i < type.length; i++) {
    const c = type[i];
    if (c === '/' && type[i + 1] === '*') {
      const end = type.indexOf('*/', i + 2);
      i = end === -1 ? type.length : end + 1;
    } else if (c === '"') {
      for (i++; i < type.length && type[i] !== '"'; i++) if (type[i] === '\\') i++;
    } else if (c === '{' || c === '[' || c === '(' || c === '<') depth++;
    else if (c === '}' || c === ']' || c === ')' || c === '>') depth--;
    else if (depth === 0 && (c === '|' || c === '&')) return false;
  }
  return true;
}
