import { buildASTSchema, GraphQLError, Kind, parse, type DefinitionNode, type DocumentNode, type GraphQLSchema } from 'graphql/index.js';
import type { Diagnostic, Result } from '../../core/diagnostic.js';
import { graphqlDepthProblem } from '../../load/depth.js';
import { countParse } from '../parse-counts.js';

/** SDL text parsed (depth-bounded); syntax errors located. The one GraphQL parser of API descriptions. */
export function parseSdl(file: string, text: string): Result<DocumentNode | undefined> {
  const deep = graphqlDepthProblem(file, text);
  if (deep) return { value: undefined, diagnostics: [deep] };
  countParse('graphql-parse', file);
  try {
    return { value: parse(text), diagnostics: [] };
  } catch (error) {
    if (error instanceof GraphQLError) {
      const loc = error.locations?.[0];
      return { value: undefined, diagnostics: [{ severity: 'error', code: 'graphql-syntax', message: error.message.replace(/^Syntax Error: /, 'Syntax error: '), location: { file, line: loc?.line ?? 1, column: loc?.column ?? 1 } }] };
    }
    throw error;
  }
}

// One parsed SDL is one description of one workspace load: its schema is built once, however many
// stages (compat, policy, generate, the mock) ask.
const built = new WeakMap<DocumentNode, Result<GraphQLSchema | undefined>>();

/**
 * The schema of parsed SDL. Published SDL is sometimes invalid in harmless ways (GitHub's 2025
 * schema defines some fields twice): a repeated field or type becomes a located warning, the first
 * definition is kept, and the schema is still built so the diff can go on.
 */
export function graphqlSchema(file: string, doc: DocumentNode): Result<GraphQLSchema | undefined> {
  let result = built.get(doc);
  if (!result) {
    countParse('graphql-build', file);
    result = buildSchema(file, doc);
    built.set(doc, result);
  }
  return result;
}

function buildSchema(file: string, doc: DocumentNode): Result<GraphQLSchema | undefined> {
  const diagnostics: Diagnostic[] = [];
  const deduped = dedupe(file, doc, diagnostics);
  try {
    return { value: buildASTSchema(deduped, { assumeValidSDL: true }), diagnostics };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    diagnostics.push({ severity: 'error', code: 'graphql-invalid', message: `Invalid GraphQL schema: ${message}`, location: { file, line: 1, column: 1 } });
    return { value: undefined, diagnostics };
  }
}

/** SDL text to a schema: `parseSdl`, then `graphqlSchema`. */
export function loadSdl(file: string, text: string): Result<GraphQLSchema | undefined> {
  const parsed = parseSdl(file, text);
  if (!parsed.value) return { value: undefined, diagnostics: parsed.diagnostics };
  return graphqlSchema(file, parsed.value);
}

type WithFields = { fields?: readonly { name: { value: string }; loc?: { startToken: { line: number; column: number } } }[] };

function dedupe(file: string, doc: DocumentNode, diagnostics: Diagnostic[]): DocumentNode {
  const types = new Set<string>();
  const definitions: DefinitionNode[] = [];
  for (const def of doc.definitions) {
    const name = 'name' in def && def.name ? def.name.value : undefined;
    const isTypeDef = def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.INTERFACE_TYPE_DEFINITION || def.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION || def.kind === Kind.ENUM_TYPE_DEFINITION || def.kind === Kind.UNION_TYPE_DEFINITION || def.kind === Kind.SCALAR_TYPE_DEFINITION;
    if (isTypeDef && name) {
      if (types.has(name)) {
        const at = def.loc?.startToken;
        diagnostics.push({ severity: 'warning', code: 'graphql-duplicate-type', message: `Type '${name}' is defined more than once; the first definition is used`, location: { file, line: at?.line ?? 1, column: at?.column ?? 1 }, data: { type: name } });
        continue;
      }
      types.add(name);
    }
    const fields = (def as WithFields).fields;
    if (fields && name) {
      const seen = new Set<string>();
      const kept = fields.filter((f) => {
        if (!seen.has(f.name.value)) {
          seen.add(f.name.value);
          return true;
        }
        const at = f.loc?.startToken;
        diagnostics.push({ severity: 'warning', code: 'graphql-duplicate-field', message: `Field '${name}.${f.name.value}' is defined more than once; the first definition is used`, location: { file, line: at?.line ?? 1, column: at?.column ?? 1 }, data: { coordinate: `${name}.${f.name.value}` } });
        return false;
      });
      definitions.push(kept.length === fields.length ? def : ({ ...def, fields: kept } as unknown as DefinitionNode));
    } else definitions.push(def);
  }
  return { ...doc, definitions };
}
