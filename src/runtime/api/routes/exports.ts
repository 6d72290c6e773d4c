import type { ExportService } from '../../exports/service.js';
import { parseWindow } from '../../exports/window.js';
import { RuntimeProblem } from '../../problem.js';
import type { RequestContext, Route } from '../route.js';
import { objectBody } from './delivery-body.js';
import { integerQuery } from './params.js';

const read = { object: 'exports', action: 'read' };
const run = { object: 'exports', action: 'run' };
const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function exportsOf(ctx: RequestContext): ExportService {
  const service = ctx.services.exports;
  if (!service) throw new RuntimeProblem('not-ready', 'exports are not running in this runtime');
  return service;
}

function integrationParam(ctx: RequestContext): string {
  const name = ctx.params.integration;
  if (!NAME.test(name)) throw new RuntimeProblem('invalid-request', `invalid integration name ${JSON.stringify(name)}`, { errors: [{ pointer: '/integration', message: 'invalid name' }] });
  return name;
}

/** `GET /v1/exports`: every applied integration's export with its last run. */
export const listExports: Route = {
  method: 'GET',
  path: '/v1/exports',
  operationId: 'listExports',
  auth: 'bearer',
  permission: read,
  target: () => 'exports',
  async handle(ctx) {
    return { status: 200, body: { exports: await exportsOf(ctx).list() } };
  },
};

/**
 * `POST /v1/exports/{integration}/runs {window?, retry?}`: runs one window now and answers when it is done
 * (200 with the run, `status` succeeded or failed). Without `window`, the last whole period; `retry`
 * retries a failed attempt after the configured delays, as scheduled runs do.
 */
export const runExport: Route = {
  method: 'POST',
  path: '/v1/exports/{integration}/runs',
  operationId: 'runExport',
  auth: 'bearer',
  permission: run,
  target: (ctx) => `Integration/${ctx.params.integration}`,
  async handle(ctx) {
    const integration = integrationParam(ctx);
    const body = objectBody(ctx, { window: { type: 'string' }, retry: { type: 'any' } });
    let window = null;
    if (body.window !== undefined) {
      window = parseWindow(body.window as string);
      if (!window) throw new RuntimeProblem('invalid-request', '/window: must be a UTC day (2026-12-03), hour (2026-12-03T14) or interval (start/end)', { errors: [{ pointer: '/window', message: 'not a window' }] });
    }
    if (body.retry !== undefined && typeof body.retry !== 'boolean') throw new RuntimeProblem('invalid-request', '/retry: must be boolean', { errors: [{ pointer: '/retry', message: 'must be boolean' }] });
    if (ctx.tenant !== null && ctx.services.residency) {
      const region = await exportRegion(ctx, integration);
      if (region !== undefined) await ctx.services.residency.assertExportable(ctx.tenant, region, `the export of ${integration}`);
    }
    const result = await exportsOf(ctx).run(integration, window, 'api', { retry: body.retry === true });
    return { status: 200, body: result };
  },
};

/**
 * The region an integration's export writes to: its S3 destination's region, null for a folder (this
 * runtime's region); undefined when the integration (in the caller's tenant) has no export.
 */
async function exportRegion(ctx: RequestContext, integration: string): Promise<string | null | undefined> {
  const applied = await ctx.services.store.resource('Integration', integration);
  const spec = applied?.spec.export;
  if (!isObject(spec)) return undefined;
  const s3 = isObject(spec.destination) && isObject(spec.destination.s3) ? spec.destination.s3 : null;
  return s3 && typeof s3.region === 'string' ? s3.region : null;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `GET /v1/exports/runs?integration=&limit=`: run history, newest first, each run with its files. */
export const listExportRuns: Route = {
  method: 'GET',
  path: '/v1/exports/runs',
  operationId: 'listExportRuns',
  auth: 'bearer',
  permission: read,
  target: (ctx) => (ctx.query.get('integration') ? `Integration/${ctx.query.get('integration')}` : 'exports'),
  async handle(ctx) {
    const integration = ctx.query.get('integration');
    if (integration !== null && !NAME.test(integration)) throw new RuntimeProblem('invalid-request', 'invalid integration name', { errors: [{ pointer: '/integration', message: 'invalid name' }] });
    const limit = integerQuery(ctx, 'limit', 50, { min: 1, max: 1000 });
    return { status: 200, body: { runs: await exportsOf(ctx).history({ limit, ...(integration ? { integration } : {}) }) } };
  },
};

export const exportRoutes: Route[] = [listExports, runExport, listExportRuns];
