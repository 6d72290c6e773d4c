import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { adminContractPath } from '../package-files.js';

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown> };
  [key: string]: unknown;
}

let cached: OpenApiDocument | undefined;

/** The admin API's OpenAPI document, read once from contracts/ (the runtime serves and validates with it). */
export function adminOpenApiDocument(): OpenApiDocument {
  cached ??= parse(readFileSync(adminContractPath(), 'utf8')) as OpenApiDocument;
  return cached;
}
