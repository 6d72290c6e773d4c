import { getNamedType, parse, TypeInfo, visit, visitWithTypeInfo, type GraphQLSchema } from 'graphql/index.js';

/**
 * Schema coordinates (`Type`, `Type.field`, `Type.field.arg`) an operation document touches, resolved
 * against the schema it was written for. Documents that do not parse contribute nothing (their
 * validation reports them).
 */
export function usedCoordinates(schema: GraphQLSchema, documents: readonly string[]): Set<string> {
  const used = new Set<string>();
  for (const text of documents) {
    let doc;
    try {
      doc = parse(text);
    } catch {
      continue;
    }
    const info = new TypeInfo(schema);
    visit(
      doc,
      visitWithTypeInfo(info, {
        Field() {
          const parent = info.getParentType();
          const field = info.getFieldDef();
          if (!parent || !field) return;
          used.add(parent.name);
          used.add(`${parent.name}.${field.name}`);
          used.add(getNamedType(field.type).name);
        },
        Argument(node) {
          const parent = info.getParentType();
          const field = info.getFieldDef();
          if (parent && field) used.add(`${parent.name}.${field.name}.${node.name.value}`);
        },
        ObjectField() {
          const input = info.getInputType();
          if (input) used.add(getNamedType(input).name);
        },
        VariableDefinition() {
          const input = info.getInputType();
          if (input) used.add(getNamedType(input).name);
        },
      }),
    );
  }
  return used;
}
