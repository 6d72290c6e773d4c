import type { Random } from './random.js';

/** Fragments that have broken parsers and resolvers before: anchors and aliases, refs that leave, nesting. */
const YAML_TOKENS = [
  '&a ', '*a', '<<: *a', '{', '}', '[', ']', ': ', '- ', '---\n', '...\n', '~', 'null', '!!binary ', '!!js/function ', '? ', '|\n', '>-\n',
  '"\\u0000"', "'", '"', '#', '\t', '\r\n', '\uFEFF', '\uD800', '%YAML 1.1\n', '0x7fffffffffffffff', '1e400', '-0', '.nan', 'true', 'y',
  "$ref: '#/components/schemas/Self'", "$ref: '../../../../etc/passwd'", "$ref: 'http://127.0.0.1:9/x.yaml'", "$ref: '#'", "$ref: '#/paths/~1x'",
  "$ref: 'other.yaml#/Thing'", 'operationId: getX', 'deprecated: true', "x-sunset: '2020-01-01'", 'required: [a, b]', 'type: [string, "null"]',
  'allOf: [{$ref: "#/components/schemas/Self"}]', 'discriminator: {propertyName: kind}', 'enum: []', 'nullable: true', 'additionalProperties: false',
];
const JSON_TOKENS = ['{', '}', '[', ']', ',', ':', '"', '\\', '\\u0000', 'null', 'true', '1e999', '-', '"$ref": "#/x"', '"$ref": "../../etc/passwd"', '""', '\uFEFF'];
const GRAPHQL_TOKENS = [
  'type', 'input', 'interface', 'union U = A | B', 'enum E { A B }', 'scalar S', 'extend type Query { y: Int }', 'directive @x on FIELD_DEFINITION',
  'implements Node', '@deprecated(reason: "x")', '!', '[', ']', '{', '}', '(', ')', '"""', '"', '#', 'schema { query: Query }', 'Query', 'String', ': ', '=', '$',
];

export type TextKind = 'yaml' | 'json' | 'graphql';

function tokensFor(kind: TextKind): readonly string[] {
  return kind === 'json' ? JSON_TOKENS : kind === 'graphql' ? GRAPHQL_TOKENS : YAML_TOKENS;
}

/** Deep nesting of the text's own brackets, up to `maxDepth` levels. */
function nesting(rng: Random, kind: TextKind, maxDepth: number): string {
  const depth = 1 + rng.int(maxDepth);
  if (kind === 'graphql') return `type Deep { x: ${'['.repeat(depth)}String${']'.repeat(depth)} }\n`;
  if (kind === 'json') return `"deep": ${'['.repeat(depth)}1${']'.repeat(depth)},`;
  return `deep: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`;
}

/** A few anchors aliased many times: wide and tall alias bombs. */
function aliasBomb(rng: Random): string {
  const width = 2 + rng.int(rng.chance(0.5) ? 12 : 400);
  const levels = 1 + rng.int(4);
  const lines = ['bomb:', '  l0: &l0 [x, x]'];
  for (let l = 1; l <= levels; l++) lines.push(`  l${l}: &l${l} [${Array.from({ length: width }, () => `*l${l - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

/**
 * One mutated text: 1–4 random edits (flip, delete, duplicate, insert a dangerous token, swap lines,
 * truncate, splice from a donor text, deep nesting, an alias bomb). `maxDepth` bounds the nesting edit
 * (seconds-long runs keep it small; the long run goes past every bound).
 */
export function mutateText(rng: Random, text: string, kind: TextKind, donors: readonly string[], maxDepth: number): string {
  let out = text;
  const edits = 1 + rng.int(4);
  for (let e = 0; e < edits; e++) {
    const at = out.length ? rng.int(out.length + 1) : 0;
    const span = 1 + rng.int(Math.max(1, Math.min(200, out.length)));
    switch (rng.int(11)) {
      case 0: {
        const code = out.charCodeAt(at) ^ (1 << rng.int(7));
        out = out.slice(0, at) + String.fromCharCode(code) + out.slice(at + 1);
        break;
      }
      case 1:
        out = out.slice(0, at) + out.slice(at + span);
        break;
      case 2:
        out = out.slice(0, at) + out.slice(at, at + span).repeat(1 + rng.int(rng.chance(0.1) ? 200 : 3)) + out.slice(at + span);
        break;
      case 3:
      case 4:
        out = out.slice(0, at) + rng.pick(tokensFor(kind)) + out.slice(at);
        break;
      case 5: {
        const lines = out.split('\n');
        const a = rng.int(lines.length);
        const b = rng.int(lines.length);
        [lines[a], lines[b]] = [lines[b], lines[a]];
        out = lines.join('\n');
        break;
      }
      case 6:
        out = out.slice(0, at);
        break;
      case 7: {
        const donor = donors.length ? rng.pick(donors) : text;
        const from = rng.int(donor.length + 1);
        out = out.slice(0, at) + donor.slice(from, from + span) + out.slice(at);
        break;
      }
      case 8: {
        // At a line start, so a YAML edit lands as a mapping entry at some indentation.
        const nl = out.lastIndexOf('\n', at - 1) + 1;
        out = out.slice(0, nl) + ' '.repeat(rng.int(8)) + nesting(rng, kind, maxDepth) + out.slice(nl);
        break;
      }
      case 9:
        if (kind === 'yaml') out = aliasBomb(rng) + out;
        else out = out.replace(/\n/g, '\r\n');
        break;
      default: {
        // Replace a number or word with an extreme value.
        out = out.replace(/\b\d+(\.\d+)?\b/, rng.pick(['0', '-1', '9'.repeat(400), '1e308', '0.5']));
      }
    }
  }
  return out;
}
