import type { CheckMeta } from '../../change.js';

/**
 * What the author of a description should do instead of a breaking or warning change: the `reason` of
 * each rule id (docs/compat/rules.md shows it). Ids of a place family (`request-property-…`,
 * `response-header-…`) share the reason of their suffix, or of their direction when the suffix has none.
 */
const BY_ID: Record<string, string> = {
  'api-deprecated-sunset-missing': 'Add `x-sunset` with the date after which the operation may be removed, so clients can plan the migration.',
  'api-deprecated-sunset-parse': 'Write `x-sunset` as a date (`2027-01-31`) or an RFC 3339 date-time.',
  'sunset-deleted': 'Keep the sunset date; move it later if the removal is postponed.',
  'api-sunset-date-changed-too-small': 'Keep the announced sunset date or move it later; clients planned against it.',
  'request-parameter-sunset-date-changed-too-small': 'Keep the announced sunset date or move it later; clients planned against it.',
  'api-stability-decreased': 'Keep the level; publish the less stable behaviour as a new operation, or announce the change with a major bump.',
  'api-invalid-stability-level': 'Use one of draft, alpha, beta, stable.',
  'api-path-removed-without-deprecation': 'Deprecate the path with `x-sunset` first and remove it after that date.',
  'api-path-removed-before-sunset': 'Keep the path until its sunset date has passed.',
  'api-path-sunset-parse': 'Write `x-sunset` as a date (`2027-01-31`) or an RFC 3339 date-time.',
  'api-removed-without-deprecation': 'Deprecate the operation with `x-sunset` first and remove it after that date.',
  'api-removed-before-sunset': 'Keep the operation until its sunset date has passed.',
  'new-required-request-property': 'Make the new property optional (with a server-side default), or require it only in a new major version.',
  'new-required-request-property-with-default': 'Keep the property optional: a default only helps when clients may omit it.',
  'response-required-property-removed': 'Keep returning the property (deprecate it first), or announce its removal with a major bump.',
  'response-optional-property-removed': 'Keep returning the property while connectors read it; deprecate it first.',
  'response-required-property-became-not-write-only': 'Keep the property write-only, or announce that responses now carry it.',
  'new-required-request-parameter': 'Make the parameter optional with a default, or require it only in a new major version.',
  'new-required-request-default-parameter-to-existing-path': 'Keep the parameter optional: its default makes it safe to omit.',
  'response-success-status-removed': 'Keep returning the status clients handle; add the new one alongside and deprecate the old.',
  'response-non-success-status-removed': 'Keep documenting the error status while the server may still return it.',
  'response-media-type-removed': 'Keep serving the media type clients ask for; add the new one alongside.',
  'required-response-header-removed': 'Keep sending the header, or deprecate it and announce its removal.',
  'optional-response-header-removed': 'Keep sending the header while clients read it; deprecate it first.',
  'api-security-added': 'Announce the new credentials requirement and give clients time to obtain them, or make it optional (`{}` in the security list).',
  'api-security-scope-added': 'Announce the new scope so connector owners can re-consent; keep the old scope working meanwhile.',
  'api-security-component-type-changed': 'Add the new scheme alongside the old one and retire the old one with an announcement.',
  'api-base-path-changed': 'Keep the old base path routed (a redirect or alias) until clients with hard-coded URLs moved.',
  'webhook-removed': 'Deprecate the webhook first, or announce its removal with a major bump.',
  'request-body-added-required': 'Make the request body optional, or require it only in a new major version.',
  'request-body-became-required': 'Keep the request body optional, or require it only in a new major version.',
  'request-body-removed': 'Keep accepting the body (ignore it on the server) until clients stop sending it.',
  'request-parameter-removed': 'Deprecate the parameter with `x-sunset` first and remove it after that date; until then the server may ignore it.',
  'request-parameter-became-required': 'Keep the parameter optional with a default, or require it only in a new major version.',
  'request-parameter-deprecated-sunset-missing': 'Add `x-sunset` with the date after which the parameter may be removed.',
  'request-property-became-required': 'Keep the property optional with a server-side default, or require it only in a new major version.',
  'request-property-removed': 'Keep accepting the property (ignore it on the server) until clients stop sending it.',
  'response-property-became-optional': 'Keep the property required (deprecate it first), or announce the change with a major bump.',
  'response-header-became-optional': 'Keep sending the header, or announce the change with a major bump.',
};

/** Family suffixes with a reason of their own (any place prefix). */
const BY_SUFFIX: Record<string, string> = {
  removed: 'Keep it (deprecate it first), or announce its removal with a major bump.',
  'removed-before-sunset': 'Keep it until its sunset date has passed.',
  'media-type-removed': 'Keep accepting the media type clients send; add the new one alongside.',
  'deprecated-sunset-missing': 'Add `x-sunset` with the date after which it may be removed.',
  'deprecated-sunset-invalid': 'Write `x-sunset` as a date (`2027-01-31`) or an RFC 3339 date-time.',
  'sunset-deleted': 'Keep the sunset date; move it later if the removal is postponed.',
  'sunset-parse': 'Write `x-sunset` as a date (`2027-01-31`) or an RFC 3339 date-time.',
  'stability-decreased': 'Keep the stability level, or announce the change with a major bump.',
  'serialization-changed': 'Keep the parameter style and explode, or accept both encodings on the server.',
  'default-value-changed': 'Keep the default (clients that omit the value rely on it), or announce the new one.',
  'enum-value-added': 'Tell connector owners before returning the new value, or return it only to clients that opt in.',
  'became-nullable': 'Omit the value instead of sending null, or announce a new major version.',
  'became-not-nullable': 'Keep accepting null, or announce a new major version.',
  'pattern-added': 'Validate the pattern softly first (log, do not reject), or announce a new major version.',
  'pattern-changed': 'Make sure every value that matched the old pattern still matches the new one.',
  'additional-properties-closed': 'Keep allowing unlisted properties (ignore them on the server), or announce a new major version.',
  'all-of-added': 'Make the new schema optional, or announce a new major version.',
  'any-of-removed': 'Keep the alternative, or announce a new major version.',
  'one-of-removed': 'Keep the alternative, or announce a new major version.',
  'one-of-added': 'Add the new shape behind a new field, or announce a new major version.',
  'content-encoding-changed': 'Keep the encoding (add a field with the new one), or announce a new major version.',
  'content-media-type-changed': 'Keep the media type (add a field with the new one), or announce a new major version.',
  'dependent-required-changed': 'Keep the dependency as it was, or announce a new major version.',
  'wrapped-in-one-of': 'Add a new field or operation for the new shape instead, or announce it with a major bump.',
  'became-enum': 'Keep the value open (validate on the server instead), or announce a new major version.',
  'enum-value-removed': 'Keep accepting the value (deprecate it in the description), or announce a new major version.',
  'x-extensible-enum-value-removed': 'Keep accepting the value (deprecate it in the description), or announce a new major version.',
  'const-changed': 'Add the new value alongside the old one instead of replacing it, or announce a new major version.',
  'const-added': 'Keep the value open, or announce a new major version.',
  'const-removed': 'Keep the constant (carry other values in a new property), or announce a new major version.',
  'type-changed': 'Add a new field with the new type instead, or announce a new major version.',
  'type-generalized': 'Add a new field with the new type instead, or announce a new major version.',
  'type-specialized': 'Add a new field with the new type instead, or announce a new major version.',
  'list-of-types-widened': 'Add a new field with the new type instead, or announce a new major version.',
  'list-of-types-narrowed': 'Add a new field with the new type instead, or announce a new major version.',
  'format-changed': 'Keep the old format (add a field with the new one), or announce a new major version.',
  'format-generalized': 'Keep the old format (add a field with the new one), or announce a new major version.',
  'format-specialized': 'Keep the old format (add a field with the new one), or announce a new major version.',
};

const REQUEST = 'Keep accepting everything clients send today: relax instead of tighten, or tighten only in a new major version announced to the connector owners.';
const RESPONSE = 'Keep responses within what clients were promised: add new shapes in new properties, or announce the change with a major bump.';
const PREFIXES = ['request-parameter-property', 'request-header-property', 'response-header-property', 'request-body', 'request-property', 'request-parameter', 'response-body', 'response-property', 'response-header'];

/** The reason of a rule id; info ids need none. */
export function reasonFor(check: Pick<CheckMeta, 'id' | 'level'>): string | undefined {
  if (check.level === 'info') return undefined;
  if (BY_ID[check.id]) return BY_ID[check.id];
  const prefix = PREFIXES.find((p) => check.id.startsWith(`${p}-`));
  if (!prefix) return undefined;
  const suffix = check.id.slice(prefix.length + 1);
  if (BY_SUFFIX[suffix]) return BY_SUFFIX[suffix];
  // Numeric, length and count bounds (`max-length-decreased`, `min-items-set`, …).
  if (/^(max|min|exclusive)\b.*-(increased|decreased|set|unset)$/.test(suffix)) return 'Keep the old bound, or announce a new major version.';
  return prefix.startsWith('request') ? REQUEST : RESPONSE;
}

/** `request`, `response`, or `none` for ids about the operation or the document. */
export function directionOf(id: string): 'request' | 'response' | 'none' {
  const prefix = PREFIXES.find((p) => id.startsWith(`${p}-`));
  if (prefix) return prefix.startsWith('request') ? 'request' : 'response';
  if (id.startsWith('new-required-request') || id.startsWith('request-')) return 'request';
  if (id.startsWith('response-') || id.endsWith('response-header-removed')) return 'response';
  return 'none';
}
