import type { Diagnostic } from '../core/diagnostic.js';
import { diagnosticAt, type ParsedDocument } from '../core/document.js';
import { appendPointer } from '../core/pointer.js';

/** A credential reference: the only way a secret may appear in the workspace. */
export const SECRET_REF = /^(env:[A-Z_][A-Z0-9_]*|file:\S+|vault:[^\s#]+#\S+)$/;

/** Keys whose values are credentials. */
const SECRET_KEY = /(secret|password|passwd|passphrase|token|api[-_]?key|private[-_]?key|credential|signingkey)$/i;

/** Values that are credentials wherever they appear: well-known token formats. */
const TOKEN_PATTERNS: { name: string; pattern: RegExp }[] = [
  { name: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { name: 'an AWS access key id', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'a GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { name: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/ },
  { name: 'a Stripe secret key', pattern: /\b[sr]k_(live|test)_[A-Za-z0-9]{16,}\b/ },
  { name: 'a webhook signing secret', pattern: /\bwhsec_[A-Za-z0-9+/=]{16,}/ },
  { name: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { name: 'a Twilio auth token', pattern: /\bSK[0-9a-fA-F]{32}\b/ },
  { name: 'credentials in a URL', pattern: /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i },
];

/** Keys whose string values are references or descriptions, never secrets themselves. */
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
      if (key && NOT_SECRET_KEYS.has(key)) return;
      if (FIELD_NAME_SUBTREES.some((p) => pointer.startsWith(p + '/'))) {
        if (!TOKEN_PATTERNS.some((t) => t.pattern.test(node))) return;
      }
      if (SECRET_REF.test(node)) return;
      const token = TOKEN_PATTERNS.find((t) => t.pattern.test(node));
      // `aws:sm/acme#secret`: meant as a reference, to a provider the runtime does not have.
      const provider = !token && key && SECRET_KEY.test(key) ? /^([a-z][a-z0-9-]*):(?!\/\/)\S+$/.exec(node)?.[1] : undefined;
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
      if (token || (key && SECRET_KEY.test(key) && node.length > 0)) {
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
