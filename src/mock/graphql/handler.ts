import { addMocksToSchema, createMockStore, type IMockStore } from '@graphql-tools/mock';
import { execute, GraphQLError, isEnumType, isScalarType, parse, validate, type DocumentNode, type GraphQLSchema, getOperationAST } from 'graphql';
import type { GraphqlMockContract } from '../contract.js';
import { seededRandom } from '../control/faults.js';
import type { Faults } from '../control/faults.js';
import { mockProblem } from '../problem.js';
import type { MockReply, MockRequest } from '../reply.js';

/**
 * A GraphQL contract served by @graphql-tools/mock: the SDL becomes an executable schema whose
 * resolvers come from a mock store. Scalars are drawn from the mock's seeded generator and the store
 * remembers what it returned (`Issue:<id>` answers the same title twice), so a run is repeatable.
 */
export class GraphqlMock {
  readonly schema: GraphQLSchema;
  readonly store: IMockStore;

  constructor(readonly contract: GraphqlMockContract, seed: number) {
    const random = seededRandom(seed ^ 0x9e3779b9);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
    let ids = 0;
    const mocks: Record<string, () => unknown> = {
      Int: () => Math.floor(random() * 100),
      Float: () => Math.round(random() * 10_000) / 100,
      String: () => `${pick(words)} ${pick(words)}`,
      Boolean: () => random() < 0.5,
      ID: () => `mock-${++ids}`,
    };
    for (const type of Object.values(contract.schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (isScalarType(type) && !(type.name in mocks)) mocks[type.name] = scalarMock(type.name, random);
      if (isEnumType(type)) {
        const values = type.getValues().map((v) => v.value as unknown);
        mocks[type.name] = () => pick(values);
      }
    }
    this.store = createMockStore({ schema: contract.schema, mocks, mockGenerationBehavior: 'deterministic' });
    this.schema = addMocksToSchema({ schema: contract.schema, store: this.store });
  }

  async handle(req: MockRequest, faults: Faults, random: () => number): Promise<MockReply> {
    const json = 'application/json';
    const invalid = (status: number, message: string, extra: Record<string, unknown> = {}): MockReply => ({
      status,
      headers: {},
      contentType: 'application/problem+json',
      body: mockProblem('graphql-invalid', status, message, extra),
      matched: true,
      validation: { valid: false, errors: [{ in: 'body', pointer: '/body/query', message }] },
    });
    let payload: { query?: unknown; variables?: unknown; operationName?: unknown };
    if (req.method === 'GET') payload = { query: req.query.get('query') ?? undefined, variables: parseMaybe(req.query.get('variables')), operationName: req.query.get('operationName') ?? undefined };
    else if (req.method === 'POST') {
      try {
        payload = JSON.parse(req.body.toString('utf8')) as typeof payload;
      } catch {
        return invalid(400, 'the body is not valid JSON');
      }
    } else return { status: 405, headers: { allow: 'GET, POST' }, contentType: 'application/problem+json', body: mockProblem('method-not-allowed', 405, 'GraphQL is served on GET and POST'), matched: false, validation: { valid: false, errors: [] } };
    if (typeof payload?.query !== 'string') return invalid(400, 'the request has no `query` string');
    let document: DocumentNode;
    try {
      document = parse(payload.query);
    } catch (error) {
      const e = error as GraphQLError;
      return invalid(400, e.message, { errors: [{ message: e.message, locations: e.locations }] });
    }
    const errors = validate(this.schema, document);
    const operationName = typeof payload.operationName === 'string' ? payload.operationName : undefined;
    const op = getOperationAST(document, operationName);
    const name = op?.name?.value ?? operationName;
    if (errors.length) {
      const reply = invalid(400, errors[0].message, { errors: errors.map((e) => ({ message: e.message, locations: e.locations })) });
      return { ...reply, operation: name, validation: { valid: false, errors: errors.map((e) => ({ in: 'body', pointer: '/body/query', message: e.message })) } };
    }
    const validation = { valid: true, errors: [] };
    if (faults.errorRate && random() < faults.errorRate) {
      return { status: 500, headers: {}, contentType: 'application/problem+json', body: mockProblem('injected-error', 500, `error rate ${faults.errorRate}`), matched: true, operation: name, validation, fault: 'error-rate' };
    }
    const forced = name !== undefined ? faults.status?.[name] : undefined;
    if (forced !== undefined) return { status: forced, headers: {}, contentType: 'application/problem+json', body: mockProblem('injected-error', forced, `status ${forced} forced for ${name}`), matched: true, operation: name, validation, fault: 'status' };
    const variables = payload.variables && typeof payload.variables === 'object' ? (payload.variables as Record<string, unknown>) : undefined;
    const result = await execute({ schema: this.schema, document, variableValues: variables, operationName });
    return { status: 200, headers: {}, contentType: json, body: result, matched: true, operation: name, validation, requestBody: { query: payload.query, variables, operationName } };
  }
}

function parseMaybe(text: string | null): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function scalarMock(name: string, random: () => number): () => unknown {
  const lower = name.toLowerCase();
  const day = () => new Date(Date.UTC(2026, 0, 1 + Math.floor(random() * 365)));
  if (lower.includes('datetime') || lower === 'timestamp') return () => day().toISOString();
  if (lower.includes('date')) return () => day().toISOString().slice(0, 10);
  if (lower === 'json' || lower === 'jsonobject') return () => '{}';
  if (lower.includes('url') || lower.includes('uri')) return () => `https://example.com/${Math.floor(random() * 1000)}`;
  return () => `${name.toLowerCase()}-${Math.floor(random() * 1000)}`;
}
