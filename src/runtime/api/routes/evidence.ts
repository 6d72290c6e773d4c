import type { EvidenceInput, ProbeKeyInput } from '../../../core/evidence-api.js';
import type { EvidenceService } from '../../evidence/service.js';
import { listEvidence as queryEvidence } from '../../evidence/records.js';
import { listEvidenceTypes as queryTypes, putEvidenceType as storeType } from '../../evidence/evidence-types.js';
import { listProbeKeys as queryKeys, putProbeKey as storeKey, revokeProbeKey as dropKey } from '../../evidence/probe-keys.js';
import { RuntimeProblem } from '../../problem.js';
import type { RequestContext, Route } from '../route.js';
import { tabularFormat, tabularResponse } from '../tabular.js';
import { integerQuery } from './params.js';

const NAME = /^[a-z0-9]([a-z0-9._-]{0,126}[a-z0-9])?$/;

function evidenceOf(ctx: RequestContext): EvidenceService {
  if (!ctx.services.evidence) throw new RuntimeProblem('not-found', 'this runtime runs without evidence intake');
  return ctx.services.evidence;
}

function named(ctx: RequestContext, param: string): string {
  const value = ctx.params[param];
  if (!NAME.test(value)) throw new RuntimeProblem('invalid-request', `${param} ${JSON.stringify(value)} must be lowercase letters, digits, '.', '_' or '-'`, { errors: [{ pointer: `/${param}`, message: 'invalid name' }] });
  return value;
}

/**
 * `POST /v1/evidence`: evidence signed by a registered probe key (RFC 9421 over method, authority, path and
 * Content-Digest). The signature is verified before the body is looked at; then the type must be registered
 * and the payload must match its schema. 201 stores it; 200 with `duplicate: true` answers a retry of an
 * idempotency key with the first record. A bad or replayed signature is a 401 problem, audited.
 */
export const sendEvidence: Route = {
  method: 'POST',
  path: '/v1/evidence',
  operationId: 'sendEvidence',
  auth: 'bearer',
  permission: { object: 'evidence', action: 'write' },
  target: () => 'evidence',
  async handle(ctx) {
    const call = { method: ctx.method, path: ctx.path, query: `?${ctx.query.toString()}`, headers: ctx.headers, rawBody: ctx.rawBody, now: ctx.now };
    const stored = await evidenceOf(ctx).accept(call, ctx.body as EvidenceInput, ctx.audit({ status: 201 }));
    // API 1.0 answers had no auditHash (api-version.ts).
    const { auditHash, ...v10 } = stored;
    return { status: stored.duplicate ? 200 : 201, body: ctx.apiVersion === '1.0' ? v10 : { ...v10, auditHash }, audited: !stored.duplicate };
  },
};

const EVIDENCE_COLUMNS = ['seq', 'id', 'type', 'controlId', 'source', 'collectedAt', 'receivedAt', 'probe', 'keyid', 'idempotencyKey', 'payloadDigest', 'auditSeq', 'payload'] as const;

/** `GET /v1/evidence`: stored evidence in `seq` order after `after`, as NDJSON (default) or CSV. */
export const listEvidence: Route = {
  method: 'GET',
  path: '/v1/evidence',
  operationId: 'listEvidence',
  auth: 'bearer',
  permission: { object: 'evidence', action: 'read' },
  target: () => 'evidence',
  async handle(ctx) {
    const format = tabularFormat(ctx, 'ndjson') ?? 'ndjson';
    const after = integerQuery(ctx, 'after', 0, { min: 0, max: Number.MAX_SAFE_INTEGER });
    const limit = integerQuery(ctx, 'limit', 1000, { min: 1, max: 10000 });
    const type = ctx.query.get('type') ?? undefined;
    const controlId = ctx.query.get('controlId') ?? undefined;
    const page = await queryEvidence(ctx.services.store.db, { after, limit, ...(type ? { type } : {}), ...(controlId ? { controlId } : {}) });
    return tabularResponse(format, EVIDENCE_COLUMNS, page.records as unknown as Record<string, unknown>[], page.next, (next) => {
      const q = new URLSearchParams(ctx.query);
      q.set('after', String(next));
      return `/v1/evidence?${q.toString()}`;
    });
  },
};

export const listEvidenceTypes: Route = {
  method: 'GET',
  path: '/v1/evidence-types',
  operationId: 'listEvidenceTypes',
  auth: 'bearer',
  permission: { object: 'evidence-types', action: 'read' },
  target: () => 'evidence-types',
  async handle(ctx) {
    return { status: 200, body: { types: await queryTypes(ctx.services.store.db) } };
  },
};

/** `PUT /v1/evidence-types/{type}`: registers (or replaces) the JSON Schema a type's payloads must match. */
export const putEvidenceType: Route = {
  method: 'PUT',
  path: '/v1/evidence-types/{type}',
  operationId: 'putEvidenceType',
  auth: 'bearer',
  permission: { object: 'evidence-types', action: 'write' },
  target: (ctx) => `evidence-types/${ctx.params.type}`,
  async handle(ctx) {
    const name = named(ctx, 'type');
    const { schema } = ctx.body as { schema: Record<string, unknown> };
    const view = await ctx.services.store.db.transaction((tx) => storeType(tx, name, schema, ctx.now, ctx.audit({ status: 200 })));
    ctx.services.evidence?.forgetType(name);
    return { status: 200, body: view, audited: true };
  },
};

export const listProbeKeys: Route = {
  method: 'GET',
  path: '/v1/probes',
  operationId: 'listProbeKeys',
  auth: 'bearer',
  permission: { object: 'probes', action: 'read' },
  target: () => 'probes',
  async handle(ctx) {
    return { status: 200, body: { keys: await queryKeys(ctx.services.store.db) } };
  },
};

/** `PUT /v1/probes/{keyid}`: registers a probe's signing key (Ed25519 public key, or an HMAC secret reference). */
export const putProbeKey: Route = {
  method: 'PUT',
  path: '/v1/probes/{keyid}',
  operationId: 'putProbeKey',
  auth: 'bearer',
  permission: { object: 'probes', action: 'write' },
  target: (ctx) => `probes/${ctx.params.keyid}`,
  async handle(ctx) {
    const keyid = named(ctx, 'keyid');
    const view = await ctx.services.store.db.transaction((tx) => storeKey(tx, keyid, ctx.body as ProbeKeyInput, ctx.now, ctx.audit({ status: 200 })));
    ctx.services.evidence?.forgetKey(keyid);
    return { status: 200, body: view, audited: true };
  },
};

export const revokeProbeKey: Route = {
  method: 'DELETE',
  path: '/v1/probes/{keyid}',
  operationId: 'revokeProbeKey',
  auth: 'bearer',
  permission: { object: 'probes', action: 'write' },
  target: (ctx) => `probes/${ctx.params.keyid}`,
  async handle(ctx) {
    const view = await ctx.services.store.db.transaction((tx) => dropKey(tx, ctx.params.keyid, ctx.now, ctx.audit({ status: 200 })));
    ctx.services.evidence?.forgetKey(ctx.params.keyid);
    return { status: 200, body: view, audited: true };
  },
};

export const evidenceRoutes: Route[] = [sendEvidence, listEvidence, listEvidenceTypes, putEvidenceType, listProbeKeys, putProbeKey, revokeProbeKey];
