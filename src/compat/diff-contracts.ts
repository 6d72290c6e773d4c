import type { Diagnostic, Result } from '../core/diagnostic.js';
import type { Change, ContractInfo } from './change.js';
import { isObj } from '../contract/openapi/spec.js';
import { diffOpenApiInMode, type CompatibilityMode } from './openapi/compat-mode.js';
import type { RefReader } from '../contract/openapi/load-openapi.js';
import { loadUsableOpenApi } from '../contract/openapi/usable-openapi.js';
import { detectFormat, parseOpenApiText } from '../contract/contract-text.js';

export interface ContractText {
  file: string;
  text: string;
}

export interface DiffContractsOptions {
  now: Date;
  /** Reads files named by `$ref`s (relative to the spec); the default allows none. */
  readRef?: RefReader;
  /** OpenAPI: backward (default), forward or full; see compat-mode.ts. */
  mode?: CompatibilityMode;
}

/**
 * Diffs two contract files of the same kind. Unusable input (syntax, not an API description, a
 * mismatched version, unsafe refs) comes back as error diagnostics with `value: undefined`; a
 * schema-invalid but usable description is compared, with `openapi-invalid` warnings.
 */
/** The changes, and what was compared (for the report's title line). */
export interface DiffOutcome {
  changes: Change[];
  base: ContractInfo;
  head: ContractInfo;
}

/** Title and version from an OpenAPI description's `info`. */
function infoOf(file: string, value: unknown): ContractInfo {
  const info = isObj(value) && isObj(value.info) ? value.info : {};
  return { file, ...(typeof info.title === 'string' ? { title: info.title } : {}), ...(typeof info.version === 'string' || typeof info.version === 'number' ? { version: String(info.version) } : {}) };
}

export async function diffContracts(base: ContractText, head: ContractText, options: DiffContractsOptions): Promise<Result<DiffOutcome | undefined>> {
  const bf = detectFormat(base.text);
  const hf = detectFormat(head.text);
  if ((bf === 'graphql') !== (hf === 'graphql')) {
    return { value: undefined, diagnostics: [{ severity: 'error', code: 'diff-format-mismatch', message: `Cannot compare ${bf === 'graphql' ? 'GraphQL SDL' : 'OpenAPI'} with ${hf === 'graphql' ? 'GraphQL SDL' : 'OpenAPI'}`, location: { file: head.file, line: 1, column: 1 } }] };
  }
  if (bf === 'graphql') {
    // Loaded on demand: GraphQL Inspector and graphql-js are not needed for OpenAPI diffs.
    const { loadSdlForDiff } = await import('../contract/graphql/load-sdl.js');
    const { diffGraphql } = await import('./graphql/diff-graphql.js');
    const b = loadSdlForDiff(base.file, base.text);
    const h = loadSdlForDiff(head.file, head.text);
    const diagnostics = [...b.diagnostics, ...h.diagnostics];
    if (!b.value || !h.value) return { value: undefined, diagnostics };
    return { value: { changes: await diffGraphql({ file: base.file, ...b.value }, { file: head.file, ...h.value }), base: { file: base.file }, head: { file: head.file } }, diagnostics };
  }
  const diagnostics: Diagnostic[] = [];
  const load = async (c: ContractText) => {
    const parsed = parseOpenApiText(c.file, c.text);
    diagnostics.push(...parsed.diagnostics);
    if (!parsed.doc) return undefined;
    const spec = await loadUsableOpenApi(parsed.doc, { readRef: options.readRef, bytes: c.text.length });
    diagnostics.push(...spec.diagnostics);
    return spec.value;
  };
  const b = await load(base);
  const h = await load(head);
  if (!b || !h) return { value: undefined, diagnostics };
  return { value: { changes: diffOpenApiInMode(b, h, options.mode ?? 'backward', { now: options.now }), base: infoOf(base.file, b.value), head: infoOf(head.file, h.value) }, diagnostics };
}
