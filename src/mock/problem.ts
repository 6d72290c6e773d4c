import type { ProblemDocument } from '../core/runtime-api.js';

/** RFC 9457 problem documents the mock answers with (core's `ProblemDocument`); the type URIs are stable, tests match on them. */
export const MOCK_PROBLEM_BASE = 'https://interlock.dev/problems/mock/';

export type MockProblemType = 'invalid-request' | 'unauthorized' | 'unsupported-media-type' | 'no-route' | 'method-not-allowed' | 'not-found' | 'no-example' | 'injected-error' | 'invalid-control' | 'graphql-invalid';

const TITLES: Record<MockProblemType, string> = {
  'invalid-request': 'The request does not match the contract',
  unauthorized: 'The request carries no credentials the contract accepts',
  'unsupported-media-type': 'The request body has a media type the operation does not accept',
  'no-route': 'The contract has no operation for this path',
  'method-not-allowed': 'The contract has no operation for this method on this path',
  'not-found': 'Not found',
  'no-example': 'The contract has no such response or example',
  'injected-error': 'Error injected by the mock',
  'invalid-control': 'The control request is invalid',
  'graphql-invalid': 'The GraphQL operation is invalid against the schema',
};

export function mockProblem(type: MockProblemType, status: number, detail?: string, extensions: Record<string, unknown> = {}): ProblemDocument {
  return { type: MOCK_PROBLEM_BASE + type, title: TITLES[type], status, ...(detail ? { detail } : {}), ...extensions };
}
