import {
  getNamedType,
  isLeafType,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ValueNode,
} from 'graphql';
import { schemaOf, type ApiDescription } from '../contract/api-description.js';
import type { RawField } from './fields.js';
import { asClassification } from './fields.js';

function literal(value: ValueNode | undefined): string | null | undefined {
  if (!value) return undefined;
  if (value.kind === 'StringValue' || value.kind === 'EnumValue') return value.value;
  if (value.kind === 'NullValue') return null;
  return undefined;
}

/**
 * Leaf fields selected by a GraphQL operation document. A field definition may carry
 * `@classification(sensitivity: "...", pii: "...")` in the SDL, the GraphQL counterpart of `x-classification`.
 */
export function graphqlFields(api: ApiDescription, operationText: string): RawField[] {
  const schema = schemaOf(api).value;
  if (!schema) return []; // an invalid schema is reported by validation and compat
  let doc: DocumentNode;
  try {
    doc = parse(operationText);
  } catch {
    return []; // document syntax is checked against the schema by compat
  }
  const out: RawField[] = [];
  const typeInfo = new TypeInfo(schema);
  const stack: { segment: string; typeName: string }[] = [];
  visit(
    doc,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition: {
        enter(node) {
          const root = schema.getRootType(node.operation);
          stack.push({ segment: root?.name ?? node.operation, typeName: root?.name ?? node.operation });
        },
        leave() {
          stack.pop();
        },
      },
      FragmentDefinition: {
        enter(node) {
          stack.push({ segment: node.typeCondition.name.value, typeName: node.typeCondition.name.value });
        },
        leave() {
          stack.pop();
        },
      },
      Field: {
        enter(node) {
          const type = typeInfo.getType();
          const named = type ? getNamedType(type) : undefined;
          stack.push({ segment: node.name.value, typeName: named?.name ?? '' });
          if (!named || !isLeafType(named) || node.name.value.startsWith('__')) return;
          const segments = stack.map((s) => s.segment);
          const aliases = stack.slice(1, -1).map((s, i) => ({ name: s.typeName, at: i + 2 }));
          const directive = typeInfo.getFieldDef()?.astNode?.directives?.find((d) => d.name.value === 'classification');
          const args = Object.fromEntries((directive?.arguments ?? []).map((a) => [a.name.value, literal(a.value)]));
          const classification = directive ? asClassification(args) : undefined;
          out.push({ segments, aliases, ...(classification ? { classification } : {}) });
        },
        leave() {
          stack.pop();
        },
      },
    }),
  );
  return out;
}
