import type { Diagnostic } from '../core/diagnostic.js';
import { diagnosticAt, type ParsedDocument } from '../core/document.js';
import { appendPointer } from '../core/pointer.js';

/** A credential reference: the only way a secret may appear in the workspace. */
export const SECRET_REF = /^(env:[A-Z_][A-Z0-9_]*|file:\S+|vault:[^\s#]+#\S+)$/;

/** Keys whose values are credentials. */
const SECRET_KEY = /(secret|password|passwd|passphrase|token|api[-_]?key|private[-_]?key|credential|signingkey)$/i;

/**
 * Values that are credentials wherever they appear, descriptions included: well-known token formats.
 * secretlint's recommended preset (v11, the last line that installs on Node 20) was measured against
 * these formats: it found 2 of 10 (Slack, a database URL) and misses Stripe keys, Standard Webhooks
 * secrets, JWTs and Twilio keys, and its API is asynchronous per source (1.6 ms a call). So the formats
 * that matter to integrations are listed here, each anchored on its documented prefix.
 */
export const TOKEN_PATTERNS: { name: string; pattern: RegExp }[] = [
  { name: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { name: 'an AWS access key id', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'a GitHub token', pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b/ },
  { name: 'a Slack token', pattern: /\bxox[abposre]-[A-Za-z0-9-]{10,}\b/ },
  { name: 'a Slack webhook URL', pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{16,}/ },
  { name: 'a Stripe secret key', pattern: /\b[sr]k_(live|test)_[A-Za-z0-9]{16,}\b/ },
  { name: 'a webhook signing secret', pattern: /\bwhsec_[A-Za-z0-9+/=]{16,}/ },
  { name: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { name: 'a Twilio auth token', pattern: /\bSK[0-9a-fA-F]{32}\b/ },
  { name: 'an npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { name: 'a SendGrid API key', pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/ },
  { name: 'an OpenAI or Anthropic API key', pattern: /\bsk-(proj-|ant-api\d\d-)?[A-Za-z0-9_-]{32,}/ },
  { name: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'credentials in a URL', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i },
];

/** Keys whose string values are references or prose: not credentials by their key, but still scanned for token formats. */
const NOT_SECRET_KEYS = new Set(['description', 'reason', 'tokenUrl', 'evidence']);

/** Subtrees whose keys and values name data fields (`rename: {consigneeToken: consignee_ref}`), not credentials. */
const FIELD_NAME_SUBTREES = ['/spec/events/transform/rename', '/spec/events/transform/pick', '/spec/export/source/fields', '/spec/stream/source/fields'];

/**
 * Finds literal credentials in a manifest. The value is never repeated in the message, so the
 * diagnostic itself does not leak what it found.
 */
export function findLiteralSecrets(doc: ParsedDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  const visit = (node: unknown, pointer: string, key: string | undefined) => {
    if (typeof node === 'string') {
      if (SECRET_REF.test(node)) return;
      const token = TOKEN_PATTERNS.find((t) => t.pattern.test(node));
      // Prose and field names are judged by their content only, never by their key.
      const byKey = key !== undefined && !NOT_SECRET_KEYS.has(key) && !FIELD_NAME_SUBTREES.some((p) => pointer.startsWith(p + '/')) && SECRET_KEY.test(key);
      // `aws:sm/acme#secret`: meant as a reference, to a provider the runtime does not have.
      const provider = !token && byKey ? /^([a-z][a-z0-9-]*):(?!\/\/)\S+$/.exec(node)?.[1] : undefined;
      if (provider) {
        out.push(
          diagnosticAt(doc, pointer, {
            severity: 'error',
            code: 'secret-unknown-provider',
            message: `'${key}' refers to the unknown secret provider '${provider}'; use env:NAME, file:PATH or vault:PATH#key`,
            data: { provider },
          }),
        );
        return;
      }
      if (token || (byKey && node.length > 0)) {
        out.push(
          diagnosticAt(doc, pointer, {
            severity: 'error',
            code: 'secret-literal',
            message: `'${key ?? pointer}' holds ${token ? token.name : 'a literal credential'}; use a reference (env:NAME, file:PATH or vault:PATH#key) and rotate the exposed value`,
            data: { kind: token?.name ?? 'literal' },
          }),
        );
      }
      return;
    }
    if (Array.isArray(node)) node.forEach((v, i) => visit(v, appendPointer(pointer, i), key));
    else if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) visit(v, appendPointer(pointer, k), k);
    }
  };
  visit(doc.value, '', undefined);
  return out;
}
