import {
  getNamedType,
  GraphQLEnumType,
  GraphQLError,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  isAbstractType,
  isCompositeType,
  Kind,
  parse,
  print,
  typeFromAST,
  validate,
  type ConstDirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { Diagnostic } from '../../core/diagnostic.js';
import { graphqlSchema } from '../../contract/graphql/load-sdl.js';
import type { ClassifiedField, GraphqlOperationModel, TypeDecl } from './adapter-model.js';
import { readClassification } from './classification.js';
import { camelCase, docLines, NameRegistry, pascalCase, propertyKey } from './naming.js';
import { reindent } from './schema-typer.js';

const SCALARS: Record<string, string> = { Int: 'number', Float: 'number', String: 'string', ID: 'string', Boolean: 'boolean' };
/** Past this many possible types, an abstract selection is typed as one merged shape instead of a union. */
const MAX_UNION = 30;

export interface GraphqlInput {
  sdl: DocumentNode;
  sdlFile: string;
  /** Operation documents as the integration lists them, with their workspace path and text. */
  documents: { use: string; file: string; text: string | undefined }[];
}

export interface GraphqlResult {
  operations: GraphqlOperationModel[];
  types: TypeDecl[];
  classification: ClassifiedField[];
  fieldTypes: { key: string; type: string }[];
  /** Every `Type.field` schema coordinate the operations select. */
  knownFields: Set<string>;
  diagnostics: Diagnostic[];
}

/**
 * Typed functions for a GraphQL integration's operation documents. Variable and result types come
 * from the SDL; enums and input objects become named types, selections render inline.
 */
export function buildGraphqlOperations(input: GraphqlInput, names: NameRegistry): GraphqlResult {
  const out: GraphqlResult = { operations: [], types: [], classification: [], fieldTypes: [], knownFields: new Set(), diagnostics: [] };
  const built = graphqlSchema(input.sdlFile, input.sdl);
  const schema = built.value;
  if (!schema) {
    const why = built.diagnostics.find((d) => d.severity === 'error')?.message ?? 'it is invalid';
    out.diagnostics.push({ severity: 'warning', code: 'generate/graphql-schema', message: `The GraphQL schema cannot be built (${why}); no adapter functions were generated`, location: { file: input.sdlFile, line: 1, column: 1 } });
    return out;
  }
  const ctx = new GraphqlTyper(schema, names, out);
  // `close` is the client's own method.
  const functions = new NameRegistry(['close']);
  for (const d of input.documents) {
    if (d.text === undefined) continue; // validate reports a missing document
    let document: DocumentNode;
    try {
      document = parse(d.text);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      const loc = error.locations?.[0];
      out.diagnostics.push({ severity: 'warning', code: 'generate/graphql-document', message: `${error.message}; no function was generated for this document`, location: { file: d.file, line: loc?.line ?? 1, column: loc?.column ?? 1 } });
      continue;
    }
    const errors = validate(schema, document);
    if (errors.length) {
      for (const e of errors) {
        const loc = e.locations?.[0];
        out.diagnostics.push({ severity: 'warning', code: 'generate/graphql-document', message: `${e.message}; no function was generated for this document`, location: { file: d.file, line: loc?.line ?? 1, column: loc?.column ?? 1 } });
      }
      continue;
    }
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    for (const def of document.definitions) {
      if (def.kind !== Kind.OPERATION_DEFINITION) continue;
      if (def.operation === 'subscription') {
        const loc = def.loc ? { line: def.loc.startToken.line, column: def.loc.startToken.column } : { line: 1, column: 1 };
        out.diagnostics.push({ severity: 'warning', code: 'generate/unsupported-operation', message: 'Subscriptions are not generated (the adapter speaks HTTP request/response)', location: { file: d.file, ...loc } });
        continue;
      }
      const operationName = def.name?.value ?? pascalCase(d.use.replace(/^.*\//, '').replace(/\.(graphql|gql)$/, ''));
      const base = pascalCase(operationName);
      const root = def.operation === 'query' ? schema.getQueryType() : schema.getMutationType();
      if (!root) continue; // validate() already refused it
      const vars: string[] = [];
      let variablesRequired = false;
      for (const v of def.variableDefinitions ?? []) {
        const type = typeFromAST(schema, v.type) as GraphQLInputType | undefined;
        const required = v.type.kind === Kind.NON_NULL_TYPE && !v.defaultValue;
        if (required) variablesRequired = true;
        vars.push(`  ${propertyKey(v.variable.name.value)}${required ? '' : '?'}: ${type ? ctx.inputType(type) : 'unknown'};`);
      }
      const variablesType = names.claim(`${base}Variables`);
      const resultType = names.claim(`${base}Result`);
      out.types.push({ name: variablesType, doc: [`Variables of \`${operationName}\` (${d.use}).`], kind: 'interface', body: vars.length ? `{\n${vars.join('\n')}\n}` : '{}' });
      out.types.push({ name: resultType, doc: [`Data returned by \`${operationName}\`.`], kind: 'alias', body: reindent(ctx.selection(root, def.selectionSet, fragments, 0)) });
      // Send only what this operation needs: itself and the fragments of its document.
      const text = [print(def), ...[...fragments.values()].map((f) => print(f))].join('\n\n');
      out.operations.push({
        document: d.use,
        operationName,
        functionName: functions.claim(camelCase(operationName)),
        kind: def.operation,
        text,
        variablesType,
        variablesRequired,
        resultType,
        doc: [`\`${def.operation} ${operationName}\` from ${d.use}`],
      });
    }
  }
  out.types.push(...ctx.namedTypes());
  return out;
}

class GraphqlTyper {
  private readonly named = new Map<string, TypeDecl>();
  private readonly nameOf = new Map<string, string>();

  constructor(
    readonly schema: GraphQLSchema,
    readonly names: NameRegistry,
    readonly out: GraphqlResult,
  ) {}

  namedTypes(): TypeDecl[] {
    return [...this.named.values()];
  }

  /** A variable or input field type: nullable unless wrapped in NonNull. */
  inputType(type: GraphQLInputType): string {
    if (type instanceof GraphQLNonNull) return this.inputInner(type.ofType);
    const inner = this.inputInner(type);
    return inner === 'unknown' ? inner : `${wrap(inner)} | null`;
  }

  private inputInner(type: GraphQLInputType): string {
    if (type instanceof GraphQLList) return `${wrap(this.inputType(type.ofType))}[]`;
    if (type instanceof GraphQLScalarType) return SCALARS[type.name] ?? 'unknown';
    if (type instanceof GraphQLEnumType) return this.enumName(type);
    if (type instanceof GraphQLInputObjectType) return this.inputObjectName(type);
    return 'unknown';
  }

  private enumName(type: GraphQLEnumType): string {
    const known = this.nameOf.get(type.name);
    if (known) return known;
    const name = this.names.claim(pascalCase(type.name));
    this.nameOf.set(type.name, name);
    const values = type.getValues().map((v) => JSON.stringify(v.name));
    this.named.set(name, { name, doc: docLines(type.description ?? undefined), kind: 'alias', body: values.join(' | ') || 'never' });
    return name;
  }

  private inputObjectName(type: GraphQLInputObjectType): string {
    const known = this.nameOf.get(type.name);
    if (known) return known;
    const name = this.names.claim(pascalCase(type.name));
    this.nameOf.set(type.name, name);
    const lines: string[] = [];
    for (const f of Object.values(type.getFields())) {
      const key = `${type.name}.${f.name}`;
      this.out.knownFields.add(key);
      const named = getNamedType(f.type);
      if (named instanceof GraphQLInputObjectType) this.out.fieldTypes.push({ key, type: named.name });
      this.classify(key, f.astNode?.directives);
      const required = f.type instanceof GraphQLNonNull && f.defaultValue === undefined;
      const doc = docLines(f.description ?? undefined);
      if (doc.length) lines.push('  /**', ...doc.map((l) => `   *${l ? ' ' + l : ''}`), '   */');
      lines.push(`  ${propertyKey(f.name)}${required ? '' : '?'}: ${this.inputType(f.type)};`);
    }
    this.named.set(name, { name, doc: docLines(type.description ?? undefined), kind: 'interface', body: lines.length ? `{\n${lines.join('\n')}\n}` : '{}' });
    return name;
  }

  /** The result shape of a selection set on `parent`. */
  selection(parent: GraphQLCompositeType, set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, depth: number): string {
    if (!isAbstractType(parent)) return this.objectShape(parent as GraphQLObjectType, set, fragments, depth);
    const possible = this.schema.getPossibleTypes(parent);
    if (possible.length === 0) return 'never';
    if (possible.length > MAX_UNION) return this.objectShape(possible[0], set, fragments, depth, parent);
    return possible.map((t) => this.objectShape(t, set, fragments, depth)).join(' | ');
  }

  /** Fields of `set` that apply to the concrete type `type` (following fragments whose condition it meets). */
  private objectShape(type: GraphQLObjectType, set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, depth: number, loose?: GraphQLCompositeType): string {
    const fields = new Map<string, string>();
    const visit = (s: SelectionSetNode, optional: boolean) => {
      for (const sel of s.selections) {
        if (sel.kind === Kind.FIELD) {
          const key = sel.alias?.value ?? sel.name.value;
          if (sel.name.value === '__typename') {
            fields.set(key, `${propertyKey(key)}: ${loose ? 'string' : JSON.stringify(type.name)};`);
            continue;
          }
          const def = type.getFields()[sel.name.value] as GraphQLField<unknown, unknown> | undefined;
          if (!def) continue;
          this.record(type.name, def);
          const t = this.outputType(def.type, sel.selectionSet, fragments, depth + 1);
          fields.set(key, `${propertyKey(key)}${optional ? '?' : ''}: ${t};`);
        } else {
          const set2 = sel.kind === Kind.INLINE_FRAGMENT ? sel.selectionSet : fragments.get(sel.name.value)?.selectionSet;
          const condition = sel.kind === Kind.INLINE_FRAGMENT ? sel.typeCondition?.name.value : fragments.get(sel.name.value)?.typeCondition.name.value;
          if (!set2) continue;
          const applies = !condition || condition === type.name || this.implementsOrMember(type, condition);
          if (applies) visit(set2, optional);
          else if (loose) visit(set2, true);
        }
      }
    };
    visit(set, false);
    const pad = '  '.repeat(depth + 1);
    return fields.size ? `{\n${[...fields.values()].map((f) => pad + f).join('\n')}\n${'  '.repeat(depth)}}` : 'Record<string, never>';
  }

  private implementsOrMember(type: GraphQLObjectType, condition: string): boolean {
    const target = this.schema.getType(condition);
    return Boolean(target && isAbstractType(target) && this.schema.isSubType(target, type));
  }

  private outputType(type: GraphQLOutputType, set: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, depth: number): string {
    if (type instanceof GraphQLNonNull) return this.nonNull(type.ofType, set, fragments, depth);
    const inner = this.nonNull(type, set, fragments, depth);
    return inner === 'unknown' ? inner : `${wrap(inner)} | null`;
  }

  private nonNull(type: GraphQLOutputType, set: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, depth: number): string {
    if (type instanceof GraphQLNonNull) return this.nonNull(type.ofType, set, fragments, depth);
    if (type instanceof GraphQLList) return `${wrap(this.outputType(type.ofType, set, fragments, depth))}[]`;
    if (type instanceof GraphQLScalarType) return SCALARS[type.name] ?? 'unknown';
    if (type instanceof GraphQLEnumType) return this.enumName(type);
    if (isCompositeType(type) && set) return this.selection(type, set, fragments, depth);
    return 'unknown';
  }

  /** Classification (`@classification` in the SDL) and the field's named type, once per schema coordinate. */
  private record(parent: string, def: GraphQLField<unknown, unknown>): void {
    const key = `${parent}.${def.name}`;
    if (this.out.knownFields.has(key)) return;
    this.out.knownFields.add(key);
    const named = getNamedType(def.type);
    if (isAbstractType(named)) for (const t of this.schema.getPossibleTypes(named)) this.out.fieldTypes.push({ key, type: t.name });
    else if (isCompositeType(named)) this.out.fieldTypes.push({ key, type: named.name });
    this.classify(key, def.astNode?.directives);
  }

  /** An `@classification(sensitivity:, pii:)` directive in the SDL, on an output or input field. */
  private classify(key: string, directives: readonly ConstDirectiveNode[] | undefined): void {
    const directive = directives?.find((d) => d.name.value === 'classification');
    if (!directive) return;
    const args: Record<string, unknown> = {};
    for (const a of directive.arguments ?? []) args[a.name.value] = a.value.kind === Kind.STRING || a.value.kind === Kind.ENUM ? a.value.value : a.value.kind === Kind.NULL ? null : undefined;
    const read = readClassification(args);
    if (read && read !== 'invalid') this.out.classification.push({ key, ...read, from: 'contract' });
  }
}

function wrap(type: string): string {
  return /^[A-Za-z0-9_$]+$/.test(type) || (type.startsWith('{') && type.endsWith('}') && !type.includes('} |')) ? type : `(${type})`;
}
