import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { OpenApiVersion } from './spec.js';
import { standaloneOpenApiValidator } from './standalone.js';
import { openApiSchemaAjv, openApiSchemaHash } from './validate-schema.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const read = (rel: string) => load(readFileSync(path.join(root, rel), 'utf8')) as Record<string, unknown>;

/** Real descriptions of each version and broken copies of them (what `check` warns about). */
const SOURCES: Record<OpenApiVersion, string[]> = {
  '2.0': ['test/e2e/diff-swagger2/workspace/base.json.yaml', 'test/e2e/diff-swagger2/workspace/head.yaml'],
  '3.0': ['contracts/slack/web-api.openapi.yaml', 'contracts/atlassian/jira-cloud.openapi.yaml', 'contracts/twilio/api-v2010.openapi.yaml'],
  '3.1': ['contracts/interlock/runtime-admin.openapi.yaml', 'contracts/onetrust/consent.openapi.yaml'],
};

function documents(version: OpenApiVersion): unknown[] {
  const docs = SOURCES[version].map(read);
  const broken = docs.flatMap((doc) => [
    { ...doc, surplus: true },
    { ...doc, info: { title: 1 } },
    { ...doc, paths: { '/x': { get: { responses: { 200: { description: 3, content: 'no' } } } } } },
    Object.fromEntries(Object.entries(doc).filter(([k]) => k !== 'info')),
  ]);
  return [...docs, ...broken];
}

function judge(validate: ValidateFunction, docs: unknown[]) {
  return docs.map((doc) => ({ ok: validate(doc), errors: validate.errors ?? [] }));
}

function evaluate(source: string): ValidateFunction {
  const module = { exports: {} as ValidateFunction };
  new Function('module', 'exports', 'require', source)(module, module.exports, createRequire(import.meta.url));
  return module.exports;
}

describe('precompiled OpenAPI schema validators (ajv standalone, written by the build)', () => {
  for (const version of ['2.0', '3.0', '3.1'] as const) {
    it(`OpenAPI ${version}: the generated code reports what the run-time compiled validator reports`, () => {
      const docs = documents(version);
      const { schema, ajv } = openApiSchemaAjv(version);
      const expected = judge(ajv.compile(schema), docs);
      expect(expected.some((r) => r.ok)).toBe(true);
      expect(expected.filter((r) => !r.ok).length).toBeGreaterThanOrEqual(SOURCES[version].length * 4);
      const source = standaloneOpenApiValidator(version);
      expect(source).toContain(openApiSchemaHash(schema));
      expect(judge(evaluate(source), docs)).toEqual(expected);
    });

    it(`OpenAPI ${version}: the built module (dist/) is current`, () => {
      const built = path.join(root, `dist/src/contract/openapi/openapi-${version}.precompiled.cjs`);
      expect(existsSync(built), 'dist/ is missing: run `npm run build` first').toBe(true);
      const module = createRequire(import.meta.url)(built) as { schemaHash?: string };
      expect(module.schemaHash, 'the built validator is stale: run `npm run build`').toBe(openApiSchemaHash(openApiSchemaAjv(version).schema));
    });
  }
});
