import type { CheckMeta, Level, Place } from '../../change.js';
import type { Operation } from '../../../contract/openapi/operations.js';
import type { Loc } from '../../../contract/openapi/spec.js';
import type { FindingKind } from './finding-kind.js';

export type { FindingKind };

/** A direction-free fact the differ found; rules judge it. */
export interface Finding {
  kind: FindingKind;
  base?: Loc;
  head?: Loc;
  data: Record<string, unknown>;
}

export type Direction = 'request' | 'response';

/** Where a finding sits, which decides its rule id and level. */
export interface RuleContext {
  /** Id stem of the place: `request-body`, `request-property`, `request-parameter`, `response-header`… */
  prefix?: string;
  direction?: Direction;
  /** Dotted property path below the body, parameter or header (empty at its root). */
  property?: string;
  /** The affected operation (head side, or base when it was removed). */
  operation?: Operation;
  baseOperation?: Operation;
  /** Every operation a shared (component) schema change reaches; the change is reported once. */
  operations?: Operation[];
  /** Name of the parameter or header, status and media type, when the finding is under one. */
  parameter?: string;
  /** Where the parameter is sent and how it is serialized (`style`, `explode`), for parameter findings. */
  parameterIn?: string;
  serialization?: { style: string; explode: boolean };
  status?: string;
  mediaType?: string;
  /** The evaluation date (from `--now`), never the wall clock. */
  now: Date;
}

/**
 * A rule's judgement of one finding: its id, the template that says what changed (`messageId`, a key
 * of the id's `messages`) and the facts the template needs. No prose: report/ renders it.
 */
export interface Verdict {
  id: string;
  messageId: string;
  /** Plain JSON values; must not use the keys diff-openapi sets (operationId, schema, direction, property, operations). */
  data?: Record<string, unknown>;
  /** Overrides the check's level for this one finding (e.g. draft endpoints). */
  level?: Level;
}

/** Messages by direction, for a place family whose request and response ids say different things. */
export type FamilyMessages = Record<string, string> | ((direction: Direction, prefix: string) => Record<string, string>);

/** One rule module: the finding kinds it judges and the ids it may produce. */
export interface Rule {
  name: string;
  kinds: readonly FindingKind[];
  checks: readonly CheckMeta[];
  judge(finding: Finding, ctx: RuleContext): Verdict | undefined;
}

export const REQUEST_PREFIXES = ['request-body', 'request-property', 'request-parameter', 'request-parameter-property', 'request-header-property'] as const;
export const RESPONSE_PREFIXES = ['response-body', 'response-property', 'response-header', 'response-header-property'] as const;
export const ALL_PREFIXES = [...REQUEST_PREFIXES, ...RESPONSE_PREFIXES];

/** Metadata for one id per place prefix, e.g. `request-body-became-enum`, `request-property-became-enum`, … */
export function family(
  prefixes: readonly string[],
  suffix: string,
  level: (direction: Direction, prefix: string) => Level,
  description: string,
  example: string,
  messages: FamilyMessages,
): CheckMeta[] {
  return prefixes.map((prefix) => {
    const direction: Direction = prefix.startsWith('request') ? 'request' : 'response';
    const id = `${prefix}-${suffix}`;
    return { id, level: level(direction, prefix), description: description.replace('{where}', placeName(prefix)), example, messages: typeof messages === 'function' ? messages(direction, prefix) : messages };
  });
}

/** Family messages that differ between request and response ids. */
export const perDirection =
  (request: Record<string, string>, response: Record<string, string>) =>
  (direction: Direction): Record<string, string> =>
    direction === 'request' ? request : response;

/** The place of a family finding, as data (`{what}` in a template). */
export function place(ctx: RuleContext): Place {
  const p: Place = { prefix: ctx.prefix ?? '' };
  if (ctx.property) p.property = ctx.property;
  if (ctx.parameter !== undefined) p.parameter = ctx.parameter;
  if (ctx.status !== undefined) p.status = ctx.status;
  if (ctx.mediaType !== undefined) p.mediaType = ctx.mediaType;
  return p;
}

export function placeName(prefix: string): string {
  switch (prefix) {
    case 'request-body':
      return 'a request body schema';
    case 'request-property':
      return 'a request body property';
    case 'request-parameter':
      return 'a request parameter';
    case 'request-parameter-property':
      return 'a property of a request parameter';
    case 'request-header-property':
      return 'a property of a request header';
    case 'response-body':
      return 'a response body schema';
    case 'response-property':
      return 'a response body property';
    case 'response-header':
      return 'a response header';
    case 'response-header-property':
      return 'a property of a response header';
    default:
      return prefix;
  }
}

/** Id for a request-or-response level pair. */
export const byDirection =
  (request: Level, response: Level) =>
  (direction: Direction): Level =>
    direction === 'request' ? request : response;
