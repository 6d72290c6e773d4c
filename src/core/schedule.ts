import { Cron } from 'croner';

/** When a job runs: a cron expression (5 fields, or 6 with seconds first) in an IANA time zone. */
export interface Schedule {
  cron: string;
  timezone: string;
  /** After downtime: run once for the latest missed tick (`latest`), or wait for the next one (`none`). */
  catchUp: 'latest' | 'none';
}

export type ScheduleInput = string | { cron: string; timezone?: string; catchUp?: 'latest' | 'none' };

export interface ScheduleProblem {
  /** Relative to the schedule value: '' for a string schedule, '/cron' or '/timezone' for the object form. */
  pointer: string;
  message: string;
}

/**
 * Reads a manifest's `schedule` (a cron string in UTC, or `{cron, timezone, catchUp}`) with croner, the
 * library the runtime's scheduler runs it with, so `check` and the runtime agree. A bad expression carries
 * croner's reason; an expression that never fires (`0 0 31 2 *`) and an unknown zone are errors too.
 */
export function parseSchedule(input: ScheduleInput): { value: Schedule } | { error: ScheduleProblem } {
  const obj = typeof input === 'string' ? { cron: input } : input;
  const cronPointer = typeof input === 'string' ? '' : '/cron';
  const timezone = obj.timezone ?? 'UTC';
  if (!knownZone(timezone)) {
    return { error: { pointer: '/timezone', message: `unknown time zone '${timezone}' (use an IANA name such as Europe/Stockholm or UTC)` } };
  }
  let job: Cron;
  try {
    job = new Cron(obj.cron, { paused: true, timezone });
  } catch (error) {
    const reason = (error as Error).message.replace(/^CronPattern: /, '');
    return { error: { pointer: cronPointer, message: `'${obj.cron}' is not a cron expression: ${reason}` } };
  }
  if (!job.nextRun(new Date(0))) return { error: { pointer: cronPointer, message: `'${obj.cron}' never runs (no date matches it)` } };
  return { value: { cron: obj.cron.trim(), timezone, catchUp: obj.catchUp ?? 'latest' } };
}

const zones = new Map<string, boolean>();

/** Whether the engine knows the IANA zone; remembered, as building a formatter costs about a millisecond. */
function knownZone(timezone: string): boolean {
  let known = zones.get(timezone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: timezone });
      known = true;
    } catch {
      known = false;
    }
    zones.set(timezone, known);
  }
  return known;
}

/** The next tick strictly after `from`, or null when there is none. */
export function nextTick(schedule: Schedule, from: Date): Date | null {
  return new Cron(schedule.cron, { paused: true, timezone: schedule.timezone }).nextRun(from);
}
