import type { CriticalityLevel, Change as InspectorChange } from '@graphql-inspector/core';
import type { GraphQLSchema } from 'graphql/index.js';
import { graphqlInspector, graphqlJs } from '../../contract/graphql/graphql-js.js';
import type { Change, ChangeLocation, Level } from '../change.js';
import { sortChanges } from '../change.js';
import type { SdlLines } from '../../contract/graphql/sdl-lines.js';
import { graphqlChangeId } from './graphql-ids.js';
import type { GraphqlRule } from './graphql-rules.js';
import { GRAPHQL_RULES } from './graphql-rules.js';

export { graphqlChangeId } from './graphql-ids.js';

const inspector = graphqlInspector();
const { isInputObjectType, isInterfaceType, isObjectType } = graphqlJs;

export const GRAPHQL_LEVELS: Record<CriticalityLevel, Level> = {
  [inspector.CriticalityLevel.Breaking]: 'breaking',
  [inspector.CriticalityLevel.Dangerous]: 'warning',
  [inspector.CriticalityLevel.NonBreaking]: 'info',
};

/** One side of a comparison; `lines` places coordinates when the schema was parsed without locations. */
export interface GraphqlSide {
  file: string;
  schema: GraphQLSchema;
  lines?: SdlLines;
}

/**
 * Diffs two GraphQL schemas with GraphQL Inspector and maps its changes to ours: `path` is the schema
 * coordinate, levels follow its criticality, `data` is its `meta` and the template the id's rule picks
 * from that meta says its sentence. Its reason for a breaking or dangerous change is the id's `reason`
 * where that is one fixed text, else `data.advice`. Removing a field that was deprecated is downgraded
 * (the deprecation was the announcement).
 */
export async function diffGraphql(base: GraphqlSide, head: GraphqlSide): Promise<Change[]> {
  const changes = await inspector.diff(base.schema, head.schema, [inspector.DiffRule.suppressRemovalOfDeprecatedField]);
  return sortChanges(changes.map((c) => toChange(c, base, head)));
}

/** What each Inspector change type maps to, worked out once per type rather than once per change. */
interface TypeFacts {
  id: string;
  rule: GraphqlRule;
  /** The coordinate exists only in the head (nothing to locate in the base), or only in the base. */
  added: boolean;
  removed: boolean;
}

const FACTS = new Map<string, TypeFacts>();

function factsOf(type: string): TypeFacts {
  let f = FACTS.get(type);
  if (!f) FACTS.set(type, (f = { id: graphqlChangeId(type), rule: GRAPHQL_RULES[type], added: type.includes('ADDED'), removed: type.includes('REMOVED') }));
  return f;
}

/**
 * An Inspector change as ours, without locations: its id, level, `meta` as data and the template its
 * rule picks from that meta; its reason for a breaking or dangerous change in `data.advice` when the rule
 * has no fixed one.
 */
export function graphqlChangeOf(c: InspectorChange, facts = factsOf(c.type)): Change {
  const level = GRAPHQL_LEVELS[c.criticality.level];
  const meta = c.meta as Record<string, unknown>;
  const messageId = facts.rule.pick ? facts.rule.pick(meta) : 'change';
  const data: Change['data'] = { ...meta };
  const advice = level !== 'info' ? c.criticality.reason : undefined;
  if (advice && facts.rule.advised) {
    data.advice = advice;
    return { id: facts.id, messageId: `${messageId}-with-advice`, level, data };
  }
  return { id: facts.id, messageId, level, data };
}

function toChange(c: InspectorChange, base: GraphqlSide, head: GraphqlSide): Change {
  const facts = factsOf(c.type);
  const change = graphqlChangeOf(c, facts);
  if (c.path) {
    change.path = c.path;
    if (!facts.added) {
      const loc = locateOn(base, c.path);
      if (loc) change.base = loc;
    }
    if (!facts.removed) {
      const loc = locateOn(head, c.path);
      if (loc) change.head = loc;
    }
  }
  return change;
}

function locateOn(side: GraphqlSide, coordinate: string): ChangeLocation | undefined {
  return side.lines ? locateInText(side, coordinate) : locate(side.schema, side.file, coordinate);
}

/**
 * `locate` from the text's index: the argument, else its field, else its type (an enum value or union
 * member is placed at its type, as graphql-js has no node of its own for them here either).
 */
function locateInText(side: GraphqlSide, coordinate: string): ChangeLocation | undefined {
  const lines = side.lines!;
  let at = lines.at(coordinate);
  for (let end = coordinate.lastIndexOf('.'); !at && end > 0; end = coordinate.lastIndexOf('.', end - 1)) at = lines.at(coordinate.slice(0, end));
  return at && { file: side.file, pointer: coordinate, line: at.line };
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
