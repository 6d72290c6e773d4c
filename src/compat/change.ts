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
  level: Level;
  /** What changed, without the workspace's judgement (see `status`); report/ renders the full sentence. */
  message: string;
  status?: ChangeStatus;
  /** OpenAPI: the operation the change affects, as written in the head (or base, when removed). */
  operation?: { method: string; path: string };
  /** GraphQL: the schema coordinate (`Type.field(arg:)`). */
  path?: string;
  base?: ChangeLocation;
  head?: ChangeLocation;
  /** Facts behind the message, for usage and announcement logic; not part of the JSON output. */
  data?: ChangeData;
}

export interface ChangeData extends StatusData {
  operationId?: string;
  /** Component schemas (`#/components/schemas/X` or `#/definitions/X`) the change sits under. */
  schema?: string;
  /** `request` or `response`, for changes inside a body, parameter or header. */
  direction?: 'request' | 'response';
  /** Dotted property path inside the request or response body ('' for the body itself). */
  property?: string;
  [key: string]: unknown;
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
}

export function sortChanges(changes: Change[]): Change[] {
  return changes.sort((a, b) => {
    const r = LEVEL_RANK[b.level] - LEVEL_RANK[a.level];
    if (r) return r;
    const pa = a.operation ? `${a.operation.path} ${a.operation.method}` : (a.path ?? '');
    const pb = b.operation ? `${b.operation.path} ${b.operation.method}` : (b.path ?? '');
    if (pa !== pb) return pa < pb ? -1 : 1;
    if (a.id !== b.id) return a.id < b.id ? -1 : 1;
    const la = a.head?.pointer ?? a.base?.pointer ?? '';
    const lb = b.head?.pointer ?? b.base?.pointer ?? '';
    return la < lb ? -1 : la > lb ? 1 : 0;
  });
}
