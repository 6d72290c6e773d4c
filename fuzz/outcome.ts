/** What one fuzz case came to. `crash`, `hang` and `unlocated` are defects; the rest is correct behaviour. */
export type OutcomeKind = 'accepted' | 'findings' | 'rejected' | 'crash' | 'hang' | 'unlocated';

export interface Outcome {
  kind: OutcomeKind;
  /** For a defect: the message or the output that shows it. */
  detail?: string;
}

export const DEFECTS: readonly OutcomeKind[] = ['crash', 'hang', 'unlocated'];

/** `file:line:col: error code` at the start of a line: the shape of every located error the CLI prints. */
const LOCATED = /^[^\s:][^:\n]*:\d+:\d+: error [\w/-]+/m;

/**
 * Judges one in-process CLI run. An exception that escaped, an exit code outside 0/1/2, or an "internal
 * error" is a crash; a fatal exit (2) whose stderr locates nothing — neither a `file:line:col` error nor a
 * usage message — is unlocated.
 */
export function judgeCli(code: number | Error, stdout: string, stderr: string): Outcome {
  if (code instanceof Error) return { kind: 'crash', detail: `${code.name}: ${code.message}` };
  if (/internal error/.test(stderr)) return { kind: 'crash', detail: stderr.split('\n')[0] };
  if (code === 0) return { kind: 'accepted' };
  if (code === 1) return { kind: 'findings' };
  if (code === 2) return LOCATED.test(stderr) || /^interlock: /.test(stderr) ? { kind: 'rejected' } : { kind: 'unlocated', detail: stderr.slice(0, 300) || stdout.slice(0, 300) };
  return { kind: 'crash', detail: `exit ${code}` };
}

export interface Tally {
  cases: number;
  byKind: Record<OutcomeKind, number>;
  /** The first few defects, with the case that reproduces each. */
  defects: { target: string; index: number; kind: OutcomeKind; detail?: string }[];
}

export function emptyTally(): Tally {
  return { cases: 0, byKind: { accepted: 0, findings: 0, rejected: 0, crash: 0, hang: 0, unlocated: 0 }, defects: [] };
}

export function record(tally: Tally, target: string, index: number, outcome: Outcome): void {
  tally.cases++;
  tally.byKind[outcome.kind]++;
  if (DEFECTS.includes(outcome.kind) && tally.defects.length < 50) tally.defects.push({ target, index, kind: outcome.kind, detail: outcome.detail });
}
