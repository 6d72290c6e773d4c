import type { Diagnostic } from '../core/diagnostic.js';
import type { ParsedDocument } from '../core/document.js';
import type { Result } from '../core/diagnostic.js';
import { classifyFile, type FileRole } from './classify.js';
import { documentDepthProblem, graphqlDepthProblem } from './depth.js';
import { DEFAULT_MAX_FILE_BYTES, type FileEntry, type FileSource } from './file-source.js';
import { parseJson } from './json-document.js';
import { checkRefs } from './ref-guard.js';
import { DEFAULT_SETTINGS, parseSettings, SANDBOX_ENVIRONMENTS, type WorkspaceSettings } from './settings.js';
import type { DocumentCache } from './document-cache.js';
import { parseYaml, yamlDocuments } from './yaml-document.js';

export interface WorkspaceFile {
  path: string;
  role: FileRole;
  size: number;
  /** Present once read; files over the size limit or not text are never read into memory. */
  text?: string;
}

/** Everything read from one workspace (a directory or a git revision), parsed but not yet validated. */
export interface Workspace {
  /** The directory, or the git revision the files came from. */
  label: string;
  files: Map<string, WorkspaceFile>;
  /** Every document of every manifest file, in path order. */
  manifests: ParsedDocument[];
  /** Parsed OpenAPI descriptions by path (GraphQL SDL and operation documents stay text in `files`). */
  apiDocuments: Map<string, ParsedDocument>;
  /** From `interlock.yaml` (defaults when there is none). */
  settings: WorkspaceSettings;
  /**
   * The workspace is a sandbox or test environment (its `interlock.yaml` says `environment: sandbox` or
   * `test`, or the caller built it as one, like `interlock sandbox`). Only such a workspace may use
   * `localTesting` endpoints; policy refuses them everywhere else.
   */
  sandbox: boolean;
}

export interface LoadOptions {
  maxFileBytes?: number;
  /** Mark the loaded workspace as a sandbox whatever its settings say (an in-memory sandbox workspace). */
  sandbox?: boolean;
  /** Parsed YAML by content hash: an unchanged file is not parsed again (the caller saves the cache). */
  cache?: DocumentCache;
}

const TEXT_ROLES: readonly FileRole[] = ['manifest', 'api-openapi', 'api-graphql', 'graphql-operation', 'access-model', 'access-policy', 'template', 'generated', 'settings'];

/**
 * Reads and parses a workspace. Problems with single files (syntax, size, binary content, unsafe
 * `$ref`s) are diagnostics; only an unreadable source as a whole throws.
 */
export async function loadWorkspace(source: FileSource, options: LoadOptions = {}): Promise<Result<Workspace>> {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const diagnostics: Diagnostic[] = [];
  const entries = await source.list();
  const files = new Map<string, WorkspaceFile>();
  const toRead: FileEntry[] = [];
  for (const entry of entries) {
    const role = classifyFile(entry.path);
    files.set(entry.path, { path: entry.path, role, size: entry.size });
    if (!TEXT_ROLES.includes(role)) continue;
    if (entry.size > maxBytes) {
      diagnostics.push({
        severity: 'error',
        code: 'file-too-large',
        message: `File is ${formatBytes(entry.size)}, over the ${formatBytes(maxBytes)} limit; it was not read`,
        location: { file: entry.path, line: 1, column: 1 },
        data: { size: entry.size, limit: maxBytes },
      });
      continue;
    }
    toRead.push(entry);
  }
  const texts = await Promise.all(toRead.map((e) => source.read(e.path)));
  const manifests: ParsedDocument[] = [];
  const apiDocuments = new Map<string, ParsedDocument>();
  let settings: WorkspaceSettings = DEFAULT_SETTINGS;
  toRead.forEach((entry, i) => {
    const file = files.get(entry.path)!;
    const text = texts[i];
    const nul = text.indexOf('\0');
    if (nul !== -1) {
      diagnostics.push({
        severity: 'error',
        code: 'file-not-text',
        message: 'File contains binary data (a NUL byte); expected UTF-8 text',
        location: { file: entry.path, line: 1, column: 1 },
      });
      return;
    }
    if (file.role === 'api-graphql' || file.role === 'graphql-operation') {
      // GraphQL's parser recurses per nesting level; a too-deep file is reported and never parsed.
      const deep = graphqlDepthProblem(entry.path, text);
      if (deep) {
        diagnostics.push(deep);
        return;
      }
    }
    file.text = text;
    if (file.role === 'settings') {
      const parsed = parseSettings(entry.path, text);
      diagnostics.push(...parsed.diagnostics);
      settings = parsed.value;
    } else if (file.role === 'manifest') {
      manifests.push(...readYaml(entry.path, text, diagnostics, options.cache));
    } else if (file.role === 'api-openapi') {
      const isJson = entry.path.toLowerCase().endsWith('.json');
      if (isJson) {
        const parsed = parseJson(entry.path, text);
        diagnostics.push(...parsed.diagnostics);
        if (parsed.document && shallowEnough(parsed.document, text, diagnostics)) apiDocuments.set(entry.path, parsed.document);
      } else {
        const first = readYaml(entry.path, text, diagnostics, options.cache, 1)[0];
        if (first) apiDocuments.set(entry.path, first);
      }
    }
  });
  for (const doc of apiDocuments.values()) {
    diagnostics.push(...checkRefs(doc, (f) => apiDocuments.get(f), (f) => files.has(f)));
  }
  const sandbox = options.sandbox === true || SANDBOX_ENVIRONMENTS.includes(settings.environment);
  return { value: { label: source.label, files, manifests, apiDocuments, settings, sandbox }, diagnostics };
}

/**
 * The documents of a YAML file that parsed and nest within the depth bound (the first `limit` only),
 * from the cache when the same text was read before. Only a file without any problem is cached, so a
 * hit stands for a parse that reported nothing.
 */
function readYaml(file: string, text: string, diagnostics: Diagnostic[], cache: DocumentCache | undefined, limit = Infinity): ParsedDocument[] {
  const key = cache ? cache.key(text) : '';
  const cached = cache?.get(key);
  if (cached) return yamlDocuments(file, text, cached).slice(0, limit);
  const parsed = parseYaml(file, text);
  const before = diagnostics.length;
  diagnostics.push(...parsed.diagnostics);
  const documents = parsed.documents.slice(0, limit).filter((doc) => shallowEnough(doc, text, diagnostics));
  if (cache && parsed.values && diagnostics.length === before && parsed.documents.length <= limit) cache.set(key, parsed.values);
  return documents;
}

/** Whether a document nests within the bound every later walker can take; reports it when not. */
function shallowEnough(doc: ParsedDocument, text: string, diagnostics: Diagnostic[]): boolean {
  const deep = documentDepthProblem(doc, text);
  if (deep) diagnostics.push(deep);
  return deep === undefined;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}
