import type { SubjectIdentifier } from '../../core/erasure-api.js';

/**
 * What erasure templates read as `{{subject.…}}`: `type` and `value` as given, and `soql`, the value escaped
 * for a single-quoted SOQL string literal. An email may legally hold `'` (and our check lets `\` through), so
 * `WHERE Email = '{{subject.value}}'` would let a subject's identifier rewrite the lookup query and select
 * someone else's record to delete; `'{{subject.soql}}'` keeps it one literal.
 */
export function subjectContext(identifier: SubjectIdentifier): { type: string; value: string; soql: string } {
  return { type: identifier.type, value: identifier.value, soql: soqlString(identifier.value) };
}

/** SOQL's escape sequences in quoted strings (Salesforce SOQL reference, "Quoted String Escape Sequences"). */
const SOQL_ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

export function soqlString(value: string): string {
  return value.replace(/[\\'"\n\r\t\b\f]/g, (c) => SOQL_ESCAPES[c]);
}
