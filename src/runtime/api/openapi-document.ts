import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { adminContractPath } from '../package-files.js';

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown> };
  [key: string]: unknown;
}

let cached: OpenApiDocument | undefined;

/**
 * The admin document as JSON beside this module, written by `npm run build` (tools/precompile-schemas):
 * parsing the 70 KB YAML took a quarter of the runtime's start-up CPU. It carries the YAML's hash, so an
 * edited contract is read from the YAML until the next build.
 */
export const PARSED_ADMIN_DOCUMENT = new URL('./runtime-admin.openapi.parsed.json', import.meta.url);

/** The admin API's OpenAPI document, read once from contracts/ (the runtime serves and validates with it). */
export function adminOpenApiDocument(): OpenApiDocument {
  if (cached) return cached;
  const text = readFileSync(adminContractPath(), 'utf8');
  const hash = sha256(text);
  try {
    const parsed = JSON.parse(readFileSync(PARSED_ADMIN_DOCUMENT, 'utf8')) as { sha256?: string; document?: OpenApiDocument };
    if (parsed.sha256 === hash && parsed.document) return (cached = parsed.document);
  } catch {
    // not built, or unreadable: the YAML is the source of truth
  }
  cached = parse(text) as OpenApiDocument;
  return cached;
}

/** Build step: writes the parsed copy `adminOpenApiDocument` prefers. */
export function writeParsedAdminDocument(): void {
  const text = readFileSync(adminContractPath(), 'utf8');
  writeFileSync(PARSED_ADMIN_DOCUMENT, JSON.stringify({ sha256: sha256(text), document: parse(text) as unknown }));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
