import type { Diagnostic } from '../../core/diagnostic.js';
import { diagnosticAt, type ParsedDocument } from '../../core/document.js';
import { getAtPointer } from '../../core/pointer.js';
import { SECRET_REF } from '../../validate/secrets.js';
import type { SigningModel } from './adapter-model.js';

/**
 * `x-interlock-signing` at the root of a description (every operation) or on one operation
 * (`false` turns it off there): `{algorithm: hmac-sha256, header?, timestampHeader?, secret?}`.
 * An unreadable declaration is a located warning and no signing, never a half-signed request.
 */
export function readSigning(doc: ParsedDocument, pointer: string, diagnostics: Diagnostic[]): SigningModel | undefined {
  const value = getAtPointer(doc.value, pointer);
  if (value === undefined || value === false) return undefined;
  const v = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const problem = !v
    ? 'must be an object'
    : v.algorithm !== 'hmac-sha256'
      ? "algorithm must be 'hmac-sha256'"
      : v.secret !== undefined && (typeof v.secret !== 'string' || !SECRET_REF.test(v.secret))
        ? 'secret must be a secret reference (env:NAME, file:PATH or vault:PATH#key)'
        : (v.header !== undefined && typeof v.header !== 'string') || (v.timestampHeader !== undefined && typeof v.timestampHeader !== 'string')
          ? 'header and timestampHeader must be strings'
          : undefined;
  if (problem || !v) {
    diagnostics.push(diagnosticAt(doc, pointer, { severity: 'warning', code: 'generate/invalid-signing', message: `x-interlock-signing ${problem}; requests are not signed`, data: { pointer } }));
    return undefined;
  }
  return {
    algorithm: 'hmac-sha256',
    header: typeof v.header === 'string' ? v.header : 'X-Interlock-Signature',
    timestampHeader: typeof v.timestampHeader === 'string' ? v.timestampHeader : 'X-Interlock-Timestamp',
    ...(typeof v.secret === 'string' ? { secret: v.secret } : {}),
  };
}
