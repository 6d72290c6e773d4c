import { CriticalityLevel, diff, DiffRule, type Change as InspectorChange } from '@graphql-inspector/core';
import { isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql/index.js';
import type { Change, ChangeLocation, Level } from '../change.js';
import { sortChanges } from '../change.js';
import { graphqlChangeId } from './graphql-ids.js';

export { GRAPHQL_MESSAGES, graphqlChangeId } from './graphql-ids.js';

export const GRAPHQL_LEVELS: Record<CriticalityLevel, Level> = {
  [CriticalityLevel.Breaking]: 'breaking',
  [CriticalityLevel.Dangerous]: 'warning',
  [CriticalityLevel.NonBreaking]: 'info',
};

/**
 * Diffs two GraphQL schemas with GraphQL Inspector and maps its changes to ours: `path` is the schema
 * coordinate, levels follow its criticality, and the reason it gives becomes the advice. Removing a
 * field that was deprecated is downgraded (the deprecation was the announcement).
 */
export async function diffGraphql(base: { file: string; schema: GraphQLSchema }, head: { file: string; schema: GraphQLSchema }): Promise<Change[]> {
  const changes = await diff(base.schema, head.schema, [DiffRule.suppressRemovalOfDeprecatedField]);
  return sortChanges(changes.map((c) => toChange(c, base, head)));
}


function toChange(c: InspectorChange, base: { file: string; schema: GraphQLSchema }, head: { file: string; schema: GraphQLSchema }): Change {
  const level = GRAPHQL_LEVELS[c.criticality.level];
  const description = c.message + (c.message.endsWith('.') ? '' : '.');
  const advice = level !== 'info' ? c.criticality.reason : undefined;
  const change: Change = advice
    ? { id: graphqlChangeId(c.type), messageId: 'change-with-advice', level, data: { description, advice } }
    : { id: graphqlChangeId(c.type), messageId: 'change', level, data: { description } };
  if (c.path) {
    change.path = c.path;
    const removed = /REMOVED/.test(c.type);
    const added = /ADDED/.test(c.type);
    if (!added) {
      const loc = locate(base.schema, base.file, c.path);
      if (loc) change.base = loc;
    }
    if (!removed) {
      const loc = locate(head.schema, head.file, c.path);
      if (loc) change.head = loc;
    }
  }
  return change;
}

/** Where a schema coordinate (`Type`, `Type.field`, `Type.field.arg`) is defined. */
export function locate(schema: GraphQLSchema, file: string, coordinate: string): ChangeLocation | undefined {
  const [typeName, fieldName, argName] = coordinate.split('.');
  const type = schema.getType(typeName);
  if (!type) return undefined;
  let node: { loc?: { startToken: { line: number } } } | null | undefined = type.astNode;
  if (fieldName && (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type))) {
    const field = type.getFields()[fieldName];
    if (field?.astNode) node = field.astNode;
    if (argName && field && 'args' in field) {
      const arg = field.args.find((a) => a.name === argName);
      if (arg?.astNode) node = arg.astNode;
    }
  }
  const line = node?.loc?.startToken.line;
  return line === undefined ? undefined : { file, pointer: coordinate, line };
}
