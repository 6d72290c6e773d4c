/**
 * The compatibility vocabulary: what `interlock diff` and the compat stage of `interlock check` report.
 * A change is data (rule id, level, facts, locations); renderers turn it into text, JSON or Markdown.
 */
export type Level = 'breaking' | 'warning' | 'info';

export const LEVEL_RANK: Record<Level, number> = { info: 0, warning: 1, breaking: 2 };

export function atLeast(level: Level, floor: Level): boolean {
  return LEVEL_RANK[level] >= LEVEL_RANK[floor];
}

/** Where one side of a change was written. `line` is filled only for changes that are reported. */
export interface ChangeLocation {
  file: string;
  pointer: string;
  line?: number;
}

/**
 * What the workspace passes (usage, announcements) decided about a change, set instead of prose; the
 * report renders the sentence. `unused`: nothing in the workspace uses what changed (level info);
 * `announced`: released with a major bump and an announcement (info); `sunset-passed`: removed after
 * its sunset date; `unannounced`: still breaking, and `data.remedy` says how to release it.
 */
export type ChangeStatus = 'unused' | 'announced' | 'sunset-passed' | 'unannounced';

export const CHANGE_STATUSES: readonly ChangeStatus[] = ['unused', 'announced', 'sunset-passed', 'unannounced'];

/** The facts a status sentence is rendered from (in `Change.data`). */
export interface StatusData {
  /** `unused`: the operations, GraphQL coordinate, field or record nothing uses. */
  unused?: { operations?: string[]; coordinate?: string; field?: 'reads' | 'sends'; dataContract?: string };
  /** `announced`: the matching announcement. */
  announcement?: { date: string; reason: string };
  /** `unannounced`: how to release it; `announcedWithoutBump` when only the major bump is missing. */
  remedy?: { of: 'contract' | 'data contract'; from: string; to: string; announcedWithoutBump: boolean; target: string };
  /** Breaking because these connectors read or send the changed field. */
  fieldUsers?: { integration: string; operationId: string; field: string; kind: 'reads' | 'sends' }[];
  /** DataContracts: the integrations that write the record, and how (`incident-sync (export, stream)`). */
  producers?: string[];
}

export interface Change {
  /** Rule id; follows oasdiff's check ids where the meaning is the same. */
  id: string;
  /**
   * Key of the template in the id's `CheckMeta.messages` that says what changed; report/ renders it
   * from `data` (plus the sentence of `status`, and the meta's `reason` for breaking and warning changes).
   */
  messageId: string;
  level: Level;
  status?: ChangeStatus;
  /** OpenAPI: the operation the change affects, as written in the head (or base, when removed). */
  operation?: { method: string; path: string };
  /** GraphQL: the schema coordinate (`Type.field(arg:)`). */
  path?: string;
  base?: ChangeLocation;
  head?: ChangeLocation;
  /**
   * The facts the message template is filled from (names, values, property paths: plain JSON values),
   * and what the usage and announcement passes read and set.
   */
  data: ChangeData;
}

export interface ChangeData extends StatusData {
  operationId?: string;
  /** Component schemas (`#/components/schemas/X` or `#/definitions/X`) the change sits under. */
  schema?: string;
  /** `request` or `response`, for changes inside a body, parameter or header. */
  direction?: 'request' | 'response';
  /** Dotted property path inside the request or response body ('' for the body itself). */
  property?: string;
  /** A shared component change: every operation it reaches (JSON: `reaches`). */
  operations?: { method: string; path: string; operationId?: string }[];
  /** The place a family id's `{what}` names (see `Place`). */
  place?: Place;
  /** Set when the operation's x-stability-level (draft, alpha) made a change info. */
  unstable?: string;
  /** `forward`: found comparing the head to the base (`compatibility: forward|full` contracts). */
  compatibility?: 'forward';
  [key: string]: unknown;
}

/**
 * Where a change of a place family sits (`request-property-…`, `response-header-…`): the id's place
 * prefix and the names a reader needs to find it. report/ renders it as `{what}` ("200 response
 * property \`a.b\`").
 */
export interface Place {
  prefix: string;
  /** Dotted property path below the body, parameter or header (absent at its root). */
  property?: string;
  /** The parameter or header name. */
  parameter?: string;
  /** The response status. */
  status?: string;
  mediaType?: string;
}

/** One side of a comparison: its file and, when the description says, its title and version. */
export interface ContractInfo {
  file: string;
  title?: string;
  version?: string;
}

/** Metadata of one rule id: the source of docs/compat/rules.md. */
export interface CheckMeta {
  id: string;
  level: Level;
  description: string;
  /** A short before/after illustration, shown in the docs. */
  example: string;
  /** Which side of the exchange the change is judged for (`none`: the operation or the document). */
  direction?: 'request' | 'response' | 'none';
  /** For breaking and warning ids: what the author should do instead. */
  reason?: string;
  /**
   * The sentences a change of this id can say, by `messageId`: templates with named placeholders
   * (`{values}`; `{values:value}` shows schema values as literals) filled from the change's `data`.
   */
  messages: Record<string, string>;
}

export function sortChanges(changes: Change[]): Change[] {
  // Each change's keys are written once, not twice per comparison (thousands of changes, ~13 comparisons each).
  const keyed = changes.map((c) => ({
    change: c,
    rank: LEVEL_RANK[c.level],
    place: c.operation ? `${c.operation.path} ${c.operation.method}` : (c.path ?? ''),
    at: c.head?.pointer ?? c.base?.pointer ?? '',
  }));
  keyed.sort((a, b) => {
    const r = b.rank - a.rank;
    if (r) return r;
    if (a.place !== b.place) return a.place < b.place ? -1 : 1;
    const ia = a.change.id;
    const ib = b.change.id;
    if (ia !== ib) return ia < ib ? -1 : 1;
    return a.at < b.at ? -1 : a.at > b.at ? 1 : 0;
  });
  // In place, as Array#sort: callers may keep the array they passed.
  for (let i = 0; i < keyed.length; i++) changes[i] = keyed[i].change;
  return changes;
}
