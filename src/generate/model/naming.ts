/**
 * Identifiers for generated TypeScript. Names come from contract text (schema names, operationIds,
 * GraphQL operation names), so every one is sanitised and checked against reserved words.
 */
const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
    'import in instanceof new null return super switch this throw true try typeof var void while with as implements interface let ' +
    'package private protected public static yield any boolean number string symbol unknown never object undefined bigint await'
  ).split(' '),
);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

/** `issuing.card` → `IssuingCard`, `get_user-by id` → `GetUserById`. */
export function pascalCase(text: string): string {
  const joined = words(text)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
  const name = joined || 'Unnamed';
  return /^[0-9]/.test(name) ? `T${name}` : name;
}

/** `GetCustomersCustomer` → `getCustomersCustomer`; keeps a valid, non-reserved identifier. */
export function camelCase(text: string): string {
  const p = pascalCase(text);
  const name = p[0].toLowerCase() + p.slice(1);
  return RESERVED.has(name) ? `${name}_` : name;
}

/** A property key as written in a type or object literal: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** Hands out unique names in first-come order, so the same inputs always get the same names. */
export class NameRegistry {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.taken.add(r);
  }

  claim(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.taken.has(name) || RESERVED.has(name); n++) name = `${wanted}${n}`;
    this.taken.add(name);
    return name;
  }
}

/** Text safe inside a `/** … *\/` block comment, one entry per line. */
export function docLines(text: string | undefined): string[] {
  if (!text) return [];
  const lines = text
    .replace(/\*\//g, '*\\/')
    .split(/\r?\n/)
    .map((l) => l.trimEnd());
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  while (lines.length && lines[0] === '') lines.shift();
  return lines;
}
