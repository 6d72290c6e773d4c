import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Change as InspectorChange } from '@graphql-inspector/core';
import { describe, expect, it } from 'vitest';
import { graphqlInspector, graphqlJs } from '../../contract/graphql/graphql-js.js';
import { loadSdl } from '../../contract/graphql/load-sdl.js';
import { changeMessage, messageProblems } from '../../report/compat-change-message.js';
import { placeholdersOf } from '../../report/compat-template.js';
import type { Change } from '../change.js';
import { checkMeta } from '../checks.js';
import { diffGraphql, graphqlChangeOf } from './diff-graphql.js';
import { GRAPHQL_CHANGE_TYPES, graphqlChangeId } from './graphql-ids.js';
import { GRAPHQL_RULES, ruleMessages } from './graphql-rules.js';

const inspector = graphqlInspector();
const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/corpus/graphql');

/** The two corpus pairs the benchmarks diff. */
const PAIRS: [string, string][] = [
  ['github/2024-01-31-6574eec9.graphql', 'github/2025-02-27-597478f9.graphql'],
  ['linear/2023-12-18-05652cb4.graphql', 'linear/2025-01-23-a7547e7f.graphql'],
];

/**
 * Small schemas for the types and wordings the corpus pairs do not reach: descriptions with a quote
 * (Inspector escapes it), defaults added and removed, deprecated removals, root types set and removed,
 * directives and their usages on every kind of element.
 */
const SNIPPETS: [string, string][] = [
  [
    `schema @sd { query: Query mutation: Mutation }
directive @sd on SCHEMA
directive @gone on FIELD_DEFINITION
"It's a location"
directive @loc on FIELD_DEFINITION | OBJECT
directive @nodesc on FIELD_DEFINITION
"had one"
directive @hasdesc on FIELD_DEFINITION
directive @d(a: Int = 1, "arg d" b: String, c: Int, t: Int, g: Int = 4, u: Int, nd: Int) on FIELD_DEFINITION | OBJECT | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | ENUM_VALUE | ENUM | UNION | INPUT_OBJECT | SCALAR | INTERFACE | SCHEMA
directive @rep repeatable on FIELD_DEFINITION
directive @nonrep on FIELD_DEFINITION
type Query @d(a: 1) {
  f1(x: Int, y: Int = 1, "arg's" z: String, w: Int, v: Int = 3, "gone" q: Int): String
  f2: String @deprecated(reason: "old 'r'")
  f3: String @deprecated
  f5: String
  f6: String @deprecated
  f7: String @deprecated(reason: "r")
  gone: String
  goneDep: String @deprecated
  desc1: String
  "has"
  desc2: String
  "it's a"
  desc3: String
  tc: String
  node: Node
  u: U
  e: E
  kind: K
  t2: T2
  s: S
}
type Mutation { m: Int }
interface Node { id: ID }
interface Other { id: ID }
interface Plain { id: ID }
type T implements Node & Plain { id: ID }
type T2 { id: ID }
type T4 { id: ID }
"td"
type TD { id: ID }
type TA { id: ID }
union U = T | T2
union U2 = T | T4
scalar K
scalar S
enum E { A B @deprecated C "d" D F @deprecated(reason: "r1") G @deprecated(reason: "r2") }
enum E2 { X }
input I { a: Int b: Int @deprecated c: Int "da" d: Int "it's db" e: Int f: Int g: Int = 1 h: Int k: Int = 2 }
input I2 { a: Int }
`,
    `schema @d { query: Query subscription: Sub }
directive @new on FIELD_DEFINITION
"It's the location"
directive @loc on FIELD_DEFINITION | ENUM
"now it's one"
directive @nodesc on FIELD_DEFINITION
directive @hasdesc on FIELD_DEFINITION
directive @d(a: Int = 2, "arg 'e'" b: String, t: Int = 3, g: Int, u: String, nd: Int, e: Int!, f: Int) on FIELD_DEFINITION | OBJECT | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | ENUM_VALUE | ENUM | UNION | INPUT_OBJECT | SCALAR | INTERFACE | SCHEMA
directive @rep on FIELD_DEFINITION
directive @nonrep repeatable on FIELD_DEFINITION
type Query @d(b: "x") {
  f1("now 'x'" x: Int = 5, y: Int = 2 @d, "arg's now" z: Int, v: Int, q: Int, n: Int, m: Int!, k: Int = 2 @d): String @d
  f2: String @deprecated(reason: "new 'r'")
  f3: String
  f5: String @deprecated(reason: "why")
  f6: String @deprecated(reason: "it's x")
  f7: String @deprecated
  desc1: String
  "it's new"
  desc1b: String
  desc2: String
  "it's b"
  desc3: String
  tc: Int
  node: Node
  u: U
  e: E
  kind: K
  s: S
}
type Sub { s: Int }
interface Node { id: ID }
interface Other { id: ID }
interface Plain @d { id: ID }
type T implements Other & Plain { id: ID }
type T3 { id: ID }
type T4 @d { id: ID }
"td 'changed'"
type TD { id: ID }
"it's added"
type TA { id: ID }
union U @d = T | T3
union U2 = T | T4
enum K { X }
scalar S @d
enum E @d { A @deprecated(reason: "it's x") "d's" D F @deprecated(reason: "r1'") G H @d }
enum E2 { X Y }
input I @d { "it's dc" c: Int "db" d: Int e: Int f: Int = 3 g: Int = 2 h: String k: Int n: Int m: Int! o: Int = 5 @d }
input I2 { a: Int @d }
`,
  ],
  // Removing every root but the query, and directive usages taken off.
  [
    `schema @d { query: Query mutation: M subscription: Sub }
directive @d(a: Int) on FIELD_DEFINITION | OBJECT | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | ENUM_VALUE | ENUM | UNION | INPUT_OBJECT | SCALAR | INTERFACE | SCHEMA
type Query @d(a: 1) { f(x: Int @d): String @d i: I u: U e: E s: S n: N }
type M { m: Int }
type Sub { s: Int }
interface N @d { id: ID }
type T { id: ID }
union U @d = T
enum E @d { A @d }
scalar S @d
input I @d { a: Int @d }
`,
    `schema { query: Query2 }
directive @d(a: Int) on FIELD_DEFINITION | OBJECT | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | ENUM_VALUE | ENUM | UNION | INPUT_OBJECT | SCALAR | INTERFACE | SCHEMA
type Query2 { f(x: Int): String i: I u: U e: E s: S n: N }
type Query { f(x: Int): String i: I u: U e: E s: S n: N }
interface N { id: ID }
type T { id: ID }
union U = T
enum E { A }
scalar S
input I { a: Int }
`,
  ],
];

function schemaOf(name: string, text: string) {
  const r = loadSdl(name, text);
  if (!r.value) throw new Error(`${name}: ${JSON.stringify(r.diagnostics)}`);
  return r.value;
}

/** What main rendered for an Inspector change: its message (with a period), then its reason when breaking or dangerous. */
function expectedMessage(c: InspectorChange): string {
  const sentence = c.message.endsWith('.') ? c.message : `${c.message}.`;
  const reason = c.criticality.level !== inspector.CriticalityLevel.NonBreaking ? c.criticality.reason : undefined;
  return reason ? `${sentence} ${reason}` : sentence;
}

interface Compared {
  inspector: InspectorChange[];
  ours: Change[];
}

async function compare(baseText: string, headText: string): Promise<Compared> {
  const base = schemaOf('base.graphql', baseText);
  const head = schemaOf('head.graphql', headText);
  const found = await inspector.diff(base, head, [inspector.DiffRule.suppressRemovalOfDeprecatedField]);
  const ours = await diffGraphql({ file: 'base.graphql', schema: base }, { file: 'head.graphql', schema: head });
  return { inspector: found, ours };
}

function sorted(xs: string[]): string[] {
  return [...xs].sort();
}

/** Meta keys Inspector built per change type, over every diff the tests ran. */
const metaKeys = new Map<string, Set<string>>();

function noteMeta(changes: InspectorChange[]): void {
  for (const c of changes) {
    const keys = metaKeys.get(c.type) ?? new Set<string>();
    for (const k of Object.keys(c.meta ?? {})) keys.add(k);
    metaKeys.set(c.type, keys);
  }
}

const seenTypes = new Set<string>();
/** One change Inspector found per type, to rebuild with other meta. */
const seenChange = new Map<string, InspectorChange>();
const seenMessageIds = new Set<string>();

function check({ inspector: found, ours }: Compared): void {
  noteMeta(found);
  for (const c of found) {
    seenTypes.add(c.type);
    if (!seenChange.has(c.type)) seenChange.set(c.type, c);
  }
  for (const c of ours) seenMessageIds.add(`${c.id}/${c.messageId}`);
  expect(ours.length).toBe(found.length);
  // Each change renders what main rendered: Inspector's message, a period, its reason.
  expect(sorted(ours.map((c) => `${c.id} ${changeMessage(c)}`))).toEqual(sorted(found.map((c) => `${graphqlChangeId(c.type)} ${expectedMessage(c)}`)));
  expect(ours.flatMap(messageProblems)).toEqual([]);
  // The data is Inspector's meta (plus its reason where that names the element), as plain JSON.
  for (const c of ours) {
    const { advice: _advice, ...meta } = c.data;
    expect(JSON.parse(JSON.stringify(meta))).toEqual(Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined)));
  }
  const metas = sorted(found.map((c) => JSON.stringify([graphqlChangeId(c.type), c.meta])));
  expect(sorted(ours.map((c) => JSON.stringify([c.id, { ...c.data, advice: undefined }])))).toEqual(metas);
}

/**
 * Each stage runs once, for whichever test asks first: the coverage tests build on every diff and builder
 * run before them, and still do when run alone (`-t`).
 */
function once<T>(run: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  return () => (started ??= run());
}

const pairRuns = PAIRS.map(([b, h]) =>
  once(async () => {
    const compared = await compare(readFileSync(path.join(corpus, b), 'utf8'), readFileSync(path.join(corpus, h), 'utf8'));
    check(compared);
    return compared;
  }),
);
const snippetRuns = SNIPPETS.map(([b, h]) => once(async () => check(await compare(b, h))));
const diffsRun = once(async () => {
  for (const run of [...pairRuns, ...snippetRuns]) await run();
});

/** The usages on an operation field, which a schema diff never finds: built with Inspector's own builder. */
const usageRun = once(async () => {
  // Inspector's own builder, with the payload it takes for Kind.FIELD.
  const schema = schemaOf('s.graphql', 'directive @d on FIELD_DEFINITION\ntype Query { f: String @d }\n');
  const field = schema.getQueryType()!.getFields().f;
  const directive = field.astNode!.directives![0];
  const payload = { field, parentType: schema.getQueryType()! };
  const built = [
    inspector.directiveUsageAdded(graphqlJs.Kind.FIELD, directive, payload as never, false),
    inspector.directiveUsageRemoved(graphqlJs.Kind.FIELD, directive, payload as never),
  ] as InspectorChange[];
  expect(built.map((c) => c.type)).toEqual(['DIRECTIVE_USAGE_FIELD_ADDED', 'DIRECTIVE_USAGE_FIELD_REMOVED']);
  noteMeta(built);
  const ours = built.map((c) => graphqlChangeOf(c));
  for (const c of ours) seenMessageIds.add(`${c.id}/${c.messageId}`);
  for (const c of built) seenChange.set(c.type, c);
  expect(ours.map(changeMessage)).toEqual(built.map(expectedMessage));
  expect(ours.flatMap(messageProblems)).toEqual([]);
});

/** The wordings no diff reaches, rebuilt from found changes' meta with Inspector's own FromMeta builders. */
const variantsRun = once(async () => {
  await diffsRun();
  const nonBreaking = { level: inspector.CriticalityLevel.NonBreaking };
  const usageVariants: [string, Record<string, unknown>][] = GRAPHQL_CHANGE_TYPES.filter((t) => /^DIRECTIVE_USAGE_.*_(ADDED|REMOVED)$/.test(t) && !/^DIRECTIVE_USAGE_ARGUMENT_(ADDED|REMOVED)$/.test(t)).map((t) =>
    t.endsWith('_ADDED') ? [t, { addedDirectiveName: 'deprecated' }] : [t, { removedDirectiveName: 'deprecated' }],
  );
  // [type, meta to merge over one Inspector found, criticality to force (what a rule may set)]
  const variants: [string, Record<string, unknown>, { level: unknown }?][] = [
    ['DIRECTIVE_ARGUMENT_DESCRIPTION_CHANGED', { oldDirectiveArgumentDescription: null }],
    ['DIRECTIVE_ARGUMENT_DESCRIPTION_CHANGED', { newDirectiveArgumentDescription: null }],
    ['ENUM_VALUE_DESCRIPTION_CHANGED', { oldEnumValueDescription: "it's", newEnumValueDescription: null }],
    ['FIELD_DESCRIPTION_CHANGED', { oldDescription: '' }],
    ['FIELD_DESCRIPTION_CHANGED', { newDescription: '' }],
    ['FIELD_REMOVED', { isRemovedFieldDeprecated: false }, nonBreaking],
    ['FIELD_REMOVED', { isRemovedFieldDeprecated: true }, nonBreaking],
    ['SCHEMA_QUERY_TYPE_CHANGED', { oldQueryTypeName: null, newQueryTypeName: 'Q' }],
    ['SCHEMA_QUERY_TYPE_CHANGED', { oldQueryTypeName: 'Q', newQueryTypeName: null }],
    ['SCHEMA_MUTATION_TYPE_CHANGED', { oldMutationTypeName: 'M', newMutationTypeName: 'M2' }],
    ['SCHEMA_MUTATION_TYPE_CHANGED', { oldMutationTypeName: null, newMutationTypeName: 'M' }],
    ['SCHEMA_SUBSCRIPTION_TYPE_CHANGED', { oldSubscriptionTypeName: 'S', newSubscriptionTypeName: 'S2' }],
    ['DIRECTIVE_USAGE_ENUM_VALUE_ADDED', { addedDirectiveName: 'x', addedToNewType: false }],
    ...usageVariants,
  ];
  const builders = inspector as unknown as Record<string, (args: { type: string; meta: unknown }) => InspectorChange>;
  for (const [type, over, criticality] of variants) {
    const found = seenChange.get(type);
    expect(found, type).toBeDefined();
    const camel = type.toLowerCase().replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase());
    const build = builders[type === 'UNION_MEMBER_ADDED' ? 'buildUnionMemberAddedMessageFromMeta' : `${camel}FromMeta`];
    let rebuilt = build({ type, meta: { ...found!.meta, ...over } });
    if (criticality) rebuilt = { ...rebuilt, criticality: criticality as InspectorChange['criticality'] };
    const ours = graphqlChangeOf(rebuilt);
    seenMessageIds.add(`${ours.id}/${ours.messageId}`);
    expect(changeMessage(ours), `${type} ${JSON.stringify(over)}`).toBe(expectedMessage(rebuilt));
    expect(messageProblems(ours)).toEqual([]);
  }
});

describe('GraphQL ids on the rule model', () => {
  it.each(PAIRS.map((p, i) => [...p, i] as const))('renders every change of %s → %s as main did', async (_b, _h, i) => {
    expect((await pairRuns[i]()).ours.length).toBeGreaterThan(100);
  }, 120_000);

  it.each(SNIPPETS.map((_p, i) => [i] as const))('renders every change of snippet %i as main did', async (i) => {
    await snippetRuns[i]();
  });

  it('renders the usages on an operation field (never found by a schema diff) from the meta Inspector builds', async () => {
    await usageRun();
  });

  it('renders the wordings no diff above reaches from the meta, as Inspector words it (its own FromMeta builders)', async () => {
    await variantsRun();
  }, 120_000);

  it('has templates for every Inspector type, each slot a meta key Inspector builds for that type', async () => {
    await diffsRun();
    await usageRun();
    const unreached: string[] = [];
    for (const t of GRAPHQL_CHANGE_TYPES) {
      const rule = GRAPHQL_RULES[t];
      expect(rule, t).toBeDefined();
      expect(checkMeta(graphqlChangeId(t))?.messages).toEqual(ruleMessages(rule));
      expect(rule.messages.change, t).toBeDefined();
      const keys = metaKeys.get(t);
      if (!keys) {
        unreached.push(t);
        continue;
      }
      for (const [messageId, template] of Object.entries(ruleMessages(rule))) {
        expect(template, `${t}/${messageId}`).toMatch(/\.( \{advice\})?$/);
        for (const name of placeholdersOf(template)) expect(name === 'advice' || keys.has(name), `${t}/${messageId}: {${name}}`).toBe(true);
      }
    }
    expect(unreached).toEqual([]);
  });

  it('keeps a reason that varies per change in data, and renders every template of every id above', async () => {
    await usageRun();
    await variantsRun();
    expect(checkMeta('enum-value-removed')?.reason).toBe('Removing an enum value will cause existing queries that use this enum value to error.');
    expect(checkMeta('field-removed')?.reason).toBeUndefined();
    expect(checkMeta('field-removed')?.messages['deprecated-with-advice']).toBe("Field '{removedFieldName}' (deprecated) was removed from {typeType} '{typeName}'. {advice}");
    // Every template of every id was rendered above against Inspector's own sentence.
    const all = GRAPHQL_CHANGE_TYPES.flatMap((t) => Object.keys(ruleMessages(GRAPHQL_RULES[t])).map((m) => `${graphqlChangeId(t)}/${m}`));
    expect(all.filter((m) => !seenMessageIds.has(m))).toEqual([]);

  });
});
