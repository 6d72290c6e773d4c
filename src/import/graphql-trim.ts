/**
 * Trims a vendor's GraphQL schema (SDL) to the root fields a workspace uses and every type reachable from
 * them: argument and return types, their fields' types, interfaces, union members, input fields, and the
 * implementations of each reached interface (a query may spread fragments on any of them). Descriptions,
 * directives and the vendor's order are kept. Pure: SDL text in, SDL text out.
 */
import { parseSdl, graphqlSchema } from '../contract/graphql/load-sdl.js';
import { closest } from './openapi-trim.js';
import {
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  Kind,
  print,
  type DefinitionNode,
  type DocumentNode,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

export type GraphqlTrimResult =
  | { ok: true; sdl: string; fields: string[]; stats: { fields: { kept: number; total: number }; types: { kept: number; total: number } } }
  | { ok: false; unknown: string[]; suggestions: Record<string, string[]> };

type Root = 'Query' | 'Mutation' | 'Subscription';

function rootTypes(schema: GraphQLSchema): Map<Root, string> {
  const roots = new Map<Root, string>();
  const q = schema.getQueryType();
  const m = schema.getMutationType();
  const s = schema.getSubscriptionType();
  if (q) roots.set('Query', q.name);
  if (m) roots.set('Mutation', m.name);
  if (s) roots.set('Subscription', s.name);
  return roots;
}

/** `issue`, `Query.issue` or `Mutation.issueCreate` → the root type name and field. */
function resolveUse(schema: GraphQLSchema, roots: Map<Root, string>, use: string): { type: string; field: string } | undefined {
  const dot = use.indexOf('.');
  const candidates: Root[] = dot > 0 ? [use.slice(0, dot) as Root] : ['Query', 'Mutation', 'Subscription'];
  const field = dot > 0 ? use.slice(dot + 1) : use;
  for (const root of candidates) {
    const name = roots.get(root);
    const type = name ? schema.getType(name) : undefined;
    if (type && isObjectType(type) && type.getFields()[field]) return { type: name!, field };
  }
  return undefined;
}

/**
 * Throws when `sdl` is not a GraphQL schema (the message is the contract model's located reason). The
 * schema is the contract model's: depth-bounded, and a type or field defined twice keeps its first
 * definition, as compat, policy and generate read the description afterwards.
 */
export function trimGraphql(sdl: string, uses: readonly string[], file = 'upstream.graphql'): GraphqlTrimResult {
  const parsed = parseSdl(file, sdl);
  const doc = parsed.value;
  const built = doc ? graphqlSchema(file, doc) : undefined;
  const schema = built?.value;
  if (!doc || !schema) {
    const error = (built ?? parsed).diagnostics.find((d) => d.severity === 'error');
    throw new Error(error ? `${error.message} (line ${error.location?.line ?? 1})` : 'not a GraphQL schema');
  }
  const roots = rootTypes(schema);
  const keptFields = new Map<string, Set<string>>();
  const unknown: string[] = [];
  for (const use of uses) {
    const r = resolveUse(schema, roots, use);
    if (!r) unknown.push(use);
    else (keptFields.get(r.type) ?? keptFields.set(r.type, new Set()).get(r.type)!).add(r.field);
  }
  const allRootFields = [...roots.entries()].flatMap(([root, name]) => {
    const t = schema.getType(name);
    return t && isObjectType(t) ? Object.keys(t.getFields()).map((f) => `${root}.${f}`) : [];
  });
  if (unknown.length) {
    const suggestions = Object.fromEntries(unknown.map((u) => [u, closest(u.includes('.') ? u : `Query.${u}`, allRootFields)]));
    return { ok: false, unknown, suggestions };
  }

  const reached = new Set<string>(keptFields.keys());
  const queue: GraphQLNamedType[] = [];
  const reach = (t: GraphQLNamedType) => {
    if (!reached.has(t.name)) {
      reached.add(t.name);
      queue.push(t);
    }
  };
  for (const [typeName, fields] of keptFields) {
    const type = schema.getType(typeName);
    if (!type || !isObjectType(type)) continue;
    for (const f of fields) {
      const field = type.getFields()[f];
      reach(getNamedType(field.type));
      for (const arg of field.args) reach(getNamedType(arg.type));
    }
  }
  const implementations = (name: string) => Object.values(schema.getTypeMap()).filter((t) => (isObjectType(t) || isInterfaceType(t)) && t.getInterfaces().some((i) => i.name === name));
  while (queue.length) {
    const t = queue.pop()!;
    if (isObjectType(t) || isInterfaceType(t)) {
      for (const i of t.getInterfaces()) reach(i);
      for (const field of Object.values(t.getFields())) {
        reach(getNamedType(field.type));
        for (const arg of field.args) reach(getNamedType(arg.type));
      }
      if (isInterfaceType(t)) for (const impl of implementations(t.name)) reach(impl);
    } else if (isUnionType(t)) {
      for (const m of t.getTypes()) reach(m);
    } else if (isInputObjectType(t)) {
      for (const field of Object.values(t.getFields())) reach(getNamedType(field.type));
    }
  }

  const definitions: DefinitionNode[] = [];
  let totalTypes = 0;
  for (const def of doc.definitions) {
    if (def.kind === Kind.DIRECTIVE_DEFINITION) {
      definitions.push(def);
      continue;
    }
    if (def.kind === Kind.SCHEMA_DEFINITION || def.kind === Kind.SCHEMA_EXTENSION) {
      // Only the root operation types that are kept (an unused Subscription type is gone).
      const operationTypes = (def.operationTypes ?? []).filter((o) => keptFields.has(o.type.name.value));
      if (operationTypes.length || def.kind === Kind.SCHEMA_DEFINITION) definitions.push({ ...def, operationTypes });
      continue;
    }
    if (!('name' in def) || !def.name) continue;
    if (def.kind !== Kind.OBJECT_TYPE_EXTENSION && def.kind !== Kind.INTERFACE_TYPE_EXTENSION && def.kind !== Kind.UNION_TYPE_EXTENSION && def.kind !== Kind.ENUM_TYPE_EXTENSION && def.kind !== Kind.INPUT_OBJECT_TYPE_EXTENSION && def.kind !== Kind.SCALAR_TYPE_EXTENSION) totalTypes++;
    const name = def.name.value;
    if (!reached.has(name)) continue;
    const fields = keptFields.get(name);
    if (fields && (def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.OBJECT_TYPE_EXTENSION)) {
      const kept = (def.fields ?? []).filter((f) => fields.has(f.name.value));
      if (kept.length || def.kind === Kind.OBJECT_TYPE_DEFINITION) definitions.push({ ...def, fields: kept });
      continue;
    }
    definitions.push(def);
  }
  const trimmed: DocumentNode = { kind: Kind.DOCUMENT, definitions };
  const keptCount = [...keptFields.values()].reduce((n, s) => n + s.size, 0);
  const keptTypes = new Set(definitions.filter((d) => 'name' in d && d.name).map((d) => (d as { name: { value: string } }).name.value)).size;
  return {
    ok: true,
    sdl: `${print(trimmed)}\n`,
    fields: [...keptFields].flatMap(([t, fs]) => [...fs].map((f) => `${t}.${f}`)),
    stats: { fields: { kept: keptCount, total: allRootFields.length }, types: { kept: keptTypes, total: totalTypes } },
  };
}
