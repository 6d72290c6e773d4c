import type { CheckMeta } from './change.js';
import { DATA_CHECKS } from './datacontract/diff-datacontract.js';
// Not diff-graphql.js: that loads GraphQL Inspector and graphql-js, which an OpenAPI diff never needs.
import { GRAPHQL_CHANGE_TYPES, graphqlChangeId } from './graphql/graphql-ids.js';
import { GRAPHQL_RULES, ruleMessages } from './graphql/graphql-rules.js';
import { CHECKS } from './openapi/rules/index.js';

/**
 * GraphQL ids: GraphQL Inspector finds the change; its `meta` is the change's data and the id's templates
 * (graphql-rules.ts) say Inspector's sentence from it.
 */
const GRAPHQL_CHECKS: ReadonlyMap<string, CheckMeta> = new Map(
  GRAPHQL_CHANGE_TYPES.map((t) => {
    const id = graphqlChangeId(t);
    const rule = GRAPHQL_RULES[t];
    const meta: CheckMeta = { id, level: rule.level, description: `GraphQL Inspector's \`${t}\`.`, example: '', messages: ruleMessages(rule) };
    if (rule.direction) meta.direction = rule.direction;
    if (rule.reason) meta.reason = rule.reason;
    return [id, meta] as const;
  }),
);

const DATA: ReadonlyMap<string, CheckMeta> = new Map(DATA_CHECKS.map((c) => [c.id, c]));

/** The metadata of any change id: OpenAPI rules, DataContract ids, GraphQL Inspector types. */
export function checkMeta(id: string): CheckMeta | undefined {
  return CHECKS.get(id) ?? DATA.get(id) ?? GRAPHQL_CHECKS.get(id);
}
