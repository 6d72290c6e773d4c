import { adminOpenApiDocument } from '../../src/runtime/api/openapi-document.js';
import { parseJsonBody } from '../../src/runtime/api/body.js';
import { decodePathSegment, parseRequestTarget } from '../../src/runtime/api/request-target.js';
import { Router } from '../../src/runtime/api/router.js';
import { ROUTES } from '../../src/runtime/api/routes/index.js';
import { assertValid, compileBodyValidators, type BodyValidators } from '../../src/runtime/api/validation.js';
import { RuntimeProblem } from '../../src/runtime/problem.js';
import { mutateText } from '../mutate.js';
import type { Outcome } from '../outcome.js';
import type { Random } from '../random.js';

/** Valid requests to start from: every admin route with example parameters and bodies. */
const BODIES = [
  '{"expectedRevision":0,"changes":[{"action":"create","kind":"Vendor","name":"acme","spec":{"legalName":"Acme"}}]}',
  '{"holder":"ci","ttlSeconds":30}',
  '{"type":"incident.created","data":{"id":1}}',
  '{"since":"2026-01-01T00:00:00Z"}',
  '{"percent":10,"spec":{"vendor":"acme"}}',
  '{"spec":{"vendor":"acme","enabled":true},"labels":{"team":"ops"}}',
];
const TARGET_TOKENS = ['%', '%E0%A4%A', '%00', '%2F', '..', '//', '?', '#', '&', '=', 'http://[::1', 'http://h/', '*', ' ', '\u0000', '\uD800', '~', ';'];

export interface AdminPipeline {
  router: Router;
  validators: BodyValidators;
}

export function adminPipeline(): AdminPipeline {
  return { router: new Router(ROUTES), validators: compileBodyValidators(adminOpenApiDocument()) };
}

function examplePath(template: string, rng: Random): string {
  return template.replace(/\{(\w+)\}/g, () => rng.pick(['Vendor', 'Integration', 'acme', 'acme-hooks', 'evt_1', 'x']));
}

/**
 * The admin API's request parsing as the server runs it — request target, route match, path parameter
 * decoding, JSON body, schema validation — on a mutated request. It either yields a request the route
 * may act on, or a RuntimeProblem (a 4xx); any other exception would be a 500 or a dead process.
 */
export function fuzzAdminRequest(rng: Random, pipeline: AdminPipeline, maxDepth: number): Outcome {
  const route = rng.pick(ROUTES);
  let target = examplePath(route.path, rng) + (rng.chance(0.3) ? '?limit=10&after=5' : '');
  if (rng.chance(0.8)) {
    const at = rng.int(target.length + 1);
    target = rng.chance(0.5) ? target.slice(0, at) + rng.pick(TARGET_TOKENS) + target.slice(at) : mutateText(rng, target, 'json', [], 4);
  }
  const method = rng.chance(0.9) ? route.method : rng.pick(['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'get', '']);
  let body = rng.chance(0.2) ? '' : mutateText(rng, rng.pick(BODIES), 'json', BODIES, maxDepth);
  if (rng.chance(0.05)) body = '['.repeat(1 + rng.int(maxDepth * 20)) + ']'.repeat(rng.int(3));
  const contentType = rng.pick([undefined, 'application/json', 'application/merge-patch+json', 'text/plain', 'application/json; charset=utf-8', '']);
  try {
    const parsed = parseRequestTarget(target);
    const match = pipeline.router.match(method, parsed.path);
    if (!match || !('route' in match)) return { kind: 'rejected' };
    for (const [name, raw] of Object.entries(match.params)) decodePathSegment(name, raw);
    const value = parseJsonBody(Buffer.from(body, 'utf8'), contentType);
    const validate = match.route.operationId ? pipeline.validators.get(match.route.operationId) : undefined;
    if (validate && value !== undefined) assertValid(validate, value);
    return { kind: 'accepted' };
  } catch (error) {
    if (error instanceof RuntimeProblem) return { kind: 'rejected' };
    return { kind: 'crash', detail: `${(error as Error).name}: ${(error as Error).message} (${method} ${JSON.stringify(target).slice(0, 120)})` };
  }
}
