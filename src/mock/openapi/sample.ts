import { generateSync } from 'json-schema-faker';
import { sample } from 'openapi-sampler';
import type { JSONSchema7 } from 'json-schema';
import { getAtPointer } from '../../core/pointer.js';

/**
 * Response bodies generated from a schema of the (normalised) description.
 *
 * Static generation uses openapi-sampler (Redocly): `const` → `examples` → `enum` → `default` → a
 * value per type and format, `$ref`s followed inside the document, cycles cut. It is deterministic
 * and cheap on vendor-sized specs. Its regular-expression sampler handles only simple patterns, so
 * strings with a `pattern` get an example from json-schema-faker's pattern generator first
 * (`withPatternExamples`), checked against the pattern before it is used.
 */
export function sampleSchema(document: unknown, pointer: string, direction: 'request' | 'response' = 'response'): unknown {
  const schema = getAtPointer(document, pointer);
  if (schema === undefined) return undefined;
  const options = direction === 'response' ? { skipWriteOnly: true, quiet: true } : { skipReadOnly: true, quiet: true };
  return sample(schema as JSONSchema7, options, document as object);
}

/** Adds a generated `example` to every `pattern` (and base64 `byte`) string schema that has no example, default, enum or const. */
export function withPatternExamples(value: unknown, seed: number): unknown {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const v of node) stack.push(v);
      continue;
    }
    const s = node as Record<string, unknown>;
    const free = s.example === undefined && s.examples === undefined && s.default === undefined && s.enum === undefined && s.const === undefined;
    if (free && typeof s.pattern === 'string') {
      const example = patternExample(s, seed);
      if (example !== undefined) s.example = example;
    } else if (free && s.format === 'byte' && (s.type === 'string' || s.type === undefined)) s.example = 'c3RyaW5n'; // base64 of "string"; openapi-sampler has no `byte` format
    for (const key in s) if (key !== 'example' && key !== 'examples' && key !== 'default' && key !== 'enum' && key !== 'const') stack.push(s[key]);
  }
  return value;
}

function patternExample(s: Record<string, unknown>, seed: number): string | undefined {
  let re: RegExp;
  try {
    re = new RegExp(s.pattern as string, 'u');
  } catch {
    return undefined;
  }
  const bounds: Record<string, unknown> = { type: 'string', pattern: s.pattern };
  if (typeof s.minLength === 'number') bounds.minLength = s.minLength;
  if (typeof s.maxLength === 'number') bounds.maxLength = s.maxLength;
  try {
    const out = generateSync(bounds, { seed });
    if (typeof out !== 'string' || !re.test(out)) return undefined;
    if (typeof s.minLength === 'number' && out.length < s.minLength) return undefined;
    if (typeof s.maxLength === 'number' && out.length > s.maxLength) return undefined;
    return out;
  } catch {
    return undefined;
  }
}
