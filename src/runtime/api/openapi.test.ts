import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { adminContractPath } from '../package-files.js';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';
import { ROUTES } from './routes/index.js';

describe('the admin API contract', () => {
  let t: TestRuntime;
  beforeAll(async () => {
    t = await startTestRuntime('postgres');
  });
  afterAll(async () => t?.dispose());

  const fromContracts = () => parse(readFileSync(adminContractPath(), 'utf8')) as Record<string, unknown>;

  it('serves exactly the document kept in contracts/', async () => {
    const res = await t.fetch('/openapi.json', { role: null });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(fromContracts());
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    await expect(SwaggerParser.validate(structuredClone(fromContracts()) as never)).resolves.toBeTruthy();
  });

  it('describes every route and no route is missing from it', () => {
    const doc = fromContracts() as { paths: Record<string, Record<string, { operationId?: string }>> };
    const documented = Object.entries(doc.paths).flatMap(([p, item]) => Object.entries(item).filter(([, op]) => op.operationId).map(([m, op]) => `${m.toUpperCase()} ${p} ${op.operationId}`));
    expect(ROUTES.map((r) => `${r.method} ${r.path} ${r.operationId}`).sort()).toEqual(documented.sort());
  });
});
