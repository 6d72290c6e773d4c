import type { CheckMeta } from './change.js';
import { DATA_CHECKS } from './datacontract/diff-datacontract.js';
// Not diff-graphql.js: that loads GraphQL Inspector and graphql-js, which an OpenAPI diff never needs.
import { GRAPHQL_CHANGE_TYPES, GRAPHQL_MESSAGES, graphqlChangeId } from './graphql/graphql-ids.js';
import { CHECKS } from './openapi/rules/index.js';

/**
 * GraphQL ids: GraphQL Inspector finds and words the change (its sentence is `data.description`, its
 * advice for breaking and dangerous changes `data.advice`), so each id has the same two templates.
 */
const GRAPHQL_CHECKS: ReadonlyMap<string, CheckMeta> = new Map(
  GRAPHQL_CHANGE_TYPES.map((t) => {
    const id = graphqlChangeId(t);
    return [id, { id, level: 'info', description: `GraphQL Inspector's \`${t}\`.`, example: '', messages: GRAPHQL_MESSAGES }] as const;
  }),
);

const DATA: ReadonlyMap<string, CheckMeta> = new Map(DATA_CHECKS.map((c) => [c.id, c]));

/** The metadata of any change id: OpenAPI rules, DataContract ids, GraphQL Inspector types. */
export function checkMeta(id: string): CheckMeta | undefined {
  return CHECKS.get(id) ?? DATA.get(id) ?? GRAPHQL_CHECKS.get(id);
}
