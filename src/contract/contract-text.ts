import type { Diagnostic } from '../core/diagnostic.js';
import type { ParsedDocument } from '../core/document.js';
import { parseContractDocument } from './parse/parse-contract.js';

export type ContractFormat = 'openapi-json' | 'openapi-yaml' | 'graphql';

/** Format from content, not file name: JSON object, YAML with `openapi:`/`swagger:`, else GraphQL SDL. */
export function detectFormat(text: string): ContractFormat {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{')) return 'openapi-json';
  if (/^\s*["']?(openapi|swagger)["']?\s*:/m.test(text)) return 'openapi-yaml';
  if (/^\s*(?:"""[\s\S]*?"""\s*)?(?:extend\s+)?(type|schema|interface|enum|input|scalar|union|directive)\b/m.test(start)) return 'graphql';
  return 'openapi-yaml';
}

export function parseOpenApiText(file: string, text: string): { doc?: ParsedDocument; diagnostics: Diagnostic[] } {
  return parseContractDocument(file, text, detectFormat(text) === 'openapi-json');
}
