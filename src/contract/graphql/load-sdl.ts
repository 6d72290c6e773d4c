import type { DefinitionNode, DocumentNode, GraphQLSchema } from 'graphql/index.js';
import type { Diagnostic, Result } from '../../core/diagnostic.js';
import { graphqlDepthProblem } from '../../load/depth.js';
import { countParse } from '../parse-counts.js';
import { graphqlJs } from './graphql-js.js';
import { sdlLines, type SdlLines } from './sdl-lines.js';

const { buildASTSchema, GraphQLError, Kind, parse } = graphqlJs;

export interface ParseSdlOptions {
  /**
   * false: no location on each node, which spares about a third of parsing and building a large schema;
   * positions then come from `sdlLines` (see `loadSdlForDiff`). Default true.
   */
  locations?: boolean;
}

/** SDL text parsed (depth-bounded); syntax errors located. The one GraphQL parser of API descriptions. */
export function parseSdl(file: string, text: string, options: ParseSdlOptions = {}): Result<DocumentNode | undefined> {
  const deep = graphqlDepthProblem(file, text);
  if (deep) return { value: undefined, diagnostics: [deep] };
  countParse('graphql-parse', file);
  try {
    return { value: parse(text, options.locations === false ? { noLocation: true } : undefined), diagnostics: [] };
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
export function graphqlSchema(file: string, doc: DocumentNode, lines?: SdlLines): Result<GraphQLSchema | undefined> {
  let result = built.get(doc);
  if (!result) {
    countParse('graphql-build', file);
    result = buildSchema(file, doc, lines);
    built.set(doc, result);
  }
  return result;
}

function buildSchema(file: string, doc: DocumentNode, lines?: SdlLines): Result<GraphQLSchema | undefined> {
  const diagnostics: Diagnostic[] = [];
  const deduped = dedupe(file, doc, diagnostics, lines);
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

/** A schema read for one comparison (`interlock diff`), and where its coordinates are defined. */
export interface SdlForDiff {
  schema: GraphQLSchema;
  lines: SdlLines;
}

/** `loadSdl` without node locations: the same schema and diagnostics, positions from one scan of the text. */
export function loadSdlForDiff(file: string, text: string): Result<SdlForDiff | undefined> {
  const parsed = parseSdl(file, text, { locations: false });
  if (!parsed.value) return { value: undefined, diagnostics: parsed.diagnostics };
  const lines = sdlLines(text);
  const built = graphqlSchema(file, parsed.value, lines);
  return { value: built.value && { schema: built.value, lines }, diagnostics: built.diagnostics };
}

type WithFields = { fields?: readonly { name: { value: string }; loc?: { startToken: { line: number; column: number } } }[] };

/**
 * Repeated types and fields dropped (the first definition kept), each a located warning. Positions come
 * from the nodes, or for a document parsed without locations from `lines`, by occurrence: the k-th
 * definition of a coordinate in the document is the k-th one `lines` has.
 */
function dedupe(file: string, doc: DocumentNode, diagnostics: Diagnostic[], lines?: SdlLines): DocumentNode {
  const types = new Map<string, number>();
  const fieldsSeen = new Map<string, number>();
  const seen = new Set<string>();
  const definitions: DefinitionNode[] = [];
  // Which definition of a field coordinate this is, counting those of repeated types too.
  const occurrence = (key: string): number => {
    const k = fieldsSeen.get(key) ?? 0;
    fieldsSeen.set(key, k + 1);
    return k;
  };
  const position = (node: { loc?: { startToken: { line: number; column: number } } }, coordinate: string, occurrence: number) => {
    const at = node.loc?.startToken ?? lines?.at(coordinate, occurrence);
    return { file, line: at?.line ?? 1, column: at?.column ?? 1 };
  };
  for (const def of doc.definitions) {
    const name = 'name' in def && def.name ? def.name.value : undefined;
    const isTypeDef = def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.INTERFACE_TYPE_DEFINITION || def.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION || def.kind === Kind.ENUM_TYPE_DEFINITION || def.kind === Kind.UNION_TYPE_DEFINITION || def.kind === Kind.SCALAR_TYPE_DEFINITION;
    const fields = (def as WithFields).fields;
    if (isTypeDef && name) {
      const k = types.get(name) ?? 0;
      types.set(name, k + 1);
      if (k > 0) {
        diagnostics.push({ severity: 'warning', code: 'graphql-duplicate-type', message: `Type '${name}' is defined more than once; the first definition is used`, location: position(def, name, k), data: { type: name } });
        if (lines && fields) for (const f of fields) occurrence(`${name}.${f.name.value}`);
        continue;
      }
    }
    if (fields && name) {
      // One set for every type, emptied per type: most types repeat nothing and are kept as they are.
      seen.clear();
      let kept: (typeof fields)[number][] | undefined;
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i];
        const k = lines ? occurrence(`${name}.${f.name.value}`) : 0;
        if (!seen.has(f.name.value)) {
          seen.add(f.name.value);
          kept?.push(f);
          continue;
        }
        kept ??= fields.slice(0, i);
        diagnostics.push({ severity: 'warning', code: 'graphql-duplicate-field', message: `Field '${name}.${f.name.value}' is defined more than once; the first definition is used`, location: position(f, `${name}.${f.name.value}`, k), data: { coordinate: `${name}.${f.name.value}` } });
      }
      definitions.push(kept ? ({ ...def, fields: kept } as unknown as DefinitionNode) : def);
    } else definitions.push(def);
  }
  return { ...doc, definitions };
}
