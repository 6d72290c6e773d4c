import { GraphQLEnumType, GraphQLInputObjectType, GraphQLList, GraphQLNonNull, GraphQLScalarType, buildASTSchema, parse, typeFromAST, Kind, type GraphQLInputType } from 'graphql';
import { getAtPointer } from '../../core/pointer.js';
import type { ApiDescription } from '../../contract/api-description.js';
import { sample } from './samples.js';

type Obj = Record<string, unknown>;

/** A valid input for an OpenAPI operation: every path parameter, required query/header parameters, and a body. */
export function operationInput(api: ApiDescription, operationId: string): Obj {
  const root = api.doc!.value as Obj;
  const op = api.operations.get(operationId)!;
  const value = getAtPointer(root, op.pointer) as Obj;
  const deref = (v: unknown): Obj => {
    let cur = v as Obj;
    for (let i = 0; i < 10 && cur && typeof cur.$ref === 'string'; i++) cur = getAtPointer(root, (cur.$ref as string).slice(1)) as Obj;
    return cur ?? {};
  };
  const itemParams = (getAtPointer(root, op.pointer.slice(0, op.pointer.lastIndexOf('/')) + '/parameters') ?? []) as unknown[];
  const input: Record<string, Obj | unknown> = {};
  for (const p of [...itemParams, ...((value.parameters ?? []) as unknown[])].map(deref)) {
    if (p.in !== 'path' && p.required !== true) continue;
    const group = p.in === 'header' ? 'headers' : String(p.in);
    if (group === 'body') {
      input.body = sample(root, p.schema);
      continue;
    }
    const g = (input[group] ?? {}) as Obj;
    g[String(p.name)] = sample(root, p.schema ?? p);
    input[group] = g;
  }
  if (value.requestBody) {
    const content = (deref(value.requestBody).content ?? {}) as Obj;
    const media = (Object.entries(content).find(([t]) => /json/.test(t)) ?? Object.entries(content)[0])?.[1] as Obj | undefined;
    if (media) input.body = sample(root, media.schema);
  }
  return input;
}

/** Variables for a GraphQL operation document: a sample of each declared variable's type. */
export function graphqlVariables(api: ApiDescription, text: string): Obj {
  const schema = buildASTSchema(api.sdl!);
  const doc = parse(text);
  const out: Obj = {};
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const v of def.variableDefinitions ?? []) {
      const type = typeFromAST(schema, v.type) as GraphQLInputType | undefined;
      if (type) out[v.variable.name.value] = sampleInput(type, 0);
    }
  }
  return out;
}

function sampleInput(type: GraphQLInputType, depth: number): unknown {
  if (type instanceof GraphQLNonNull) return sampleInput(type.ofType, depth);
  if (type instanceof GraphQLList) return [sampleInput(type.ofType, depth + 1)];
  if (type instanceof GraphQLScalarType) return type.name === 'Int' ? 1 : type.name === 'Float' ? 1.5 : type.name === 'Boolean' ? true : 'x';
  if (type instanceof GraphQLEnumType) return type.getValues()[0]?.name;
  if (type instanceof GraphQLInputObjectType) {
    const out: Obj = {};
    for (const f of Object.values(type.getFields())) if (f.type instanceof GraphQLNonNull || depth < 2) out[f.name] = sampleInput(f.type, depth + 1);
    return out;
  }
  return null;
}
