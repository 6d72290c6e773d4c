import type { JobKind } from '../scheduler/job-kind.js';
import { payloadsOf, type Database } from './database.js';
import { SEALED_PREFIX } from './payload-cipher.js';

/** Every payload column, with the scope its data key belongs to (an SQL expression on the row). */
export const PAYLOAD_COLUMNS = [
  { table: 'events', column: 'data', scope: "'events'" },
  { table: 'deliveries', column: 'body', scope: 'integration' },
  { table: 'action_calls', column: 'request', scope: 'integration' },
  { table: 'erasure_requests', column: 'identifiers', scope: "'erasure'" },
] as const;

export interface RewrapResult {
  /** Rows whose data key is now wrapped by the current KEK (or that were plaintext and are now sealed). */
  rewrapped: number;
}

/**
 * Brings every payload row under the current KEK: rows sealed under a previous KEK get their data key re-wrapped
 * (the ciphertext is not touched, so this is cheap and readers never see a half-written row), plaintext rows
 * written before encryption get sealed. A page at a time, each row updated only if it is still what was read,
 * so it runs beside the live runtime; after it reports 0 the previous KEK can be retired.
 */
export async function rewrapPayloads(db: Database, opts: { pageSize?: number; signal?: AbortSignal } = {}): Promise<RewrapResult> {
  const cipher = payloadsOf(db);
  if (!cipher.encrypts) return { rewrapped: 0 };
  const current = `${SEALED_PREFIX}${cipher.currentKekId ?? ''}.`;
  const pageSize = opts.pageSize ?? 500;
  let rewrapped = 0;
  for (const c of PAYLOAD_COLUMNS) {
    let after = '';
    for (;;) {
      if (opts.signal?.aborted) return { rewrapped };
      const rows = await db.query<{ id: string; value: string; scope: string }>(
        `SELECT id, ${c.column} AS value, ${c.scope} AS scope FROM ${c.table}
          WHERE ${c.column} IS NOT NULL AND left(${c.column}, $1) <> $2 AND id > $3 ORDER BY id LIMIT $4`,
        [current.length, current, after, pageSize],
      );
      if (!rows.length) break;
      after = rows[rows.length - 1].id;
      const changed = rows.flatMap((r) => {
        const next = cipher.rewrap(r.scope, r.value);
        return next === null ? [] : [{ id: r.id, old: r.value, next }];
      });
      if (changed.length) {
        const updated = await db.query(
          `UPDATE ${c.table} t SET ${c.column} = u.next FROM unnest($1::text[], $2::text[], $3::text[]) AS u(id, old, next)
            WHERE t.id = u.id AND t.${c.column} = u.old RETURNING t.id`,
          [changed.map((x) => x.id), changed.map((x) => x.old), changed.map((x) => x.next)],
        );
        rewrapped += updated.length;
      }
      if (rows.length < pageSize) break;
    }
  }
  return { rewrapped };
}

/**
 * The job kind `keys`: while retired KEKs are held, `keys:rewrap` every hour (and on demand with
 * `interlock jobs run keys:rewrap`), so a KEK rotation finishes by itself: start the runtime with the new KEK
 * (`--kek`) and the old one as previous (`--kek-previous`); once a run reports 0 items, drop the old one.
 */
export function rewrapJobKind(db: Database): JobKind {
  return {
    kind: 'keys',
    jobs: () => (payloadsOf(db).rotating ? [{ id: 'keys:rewrap', kind: 'keys', integration: null, schedule: { cron: '41 * * * *', timezone: 'UTC', catchUp: 'none' } }] : []),
    async run({ signal }) {
      const { rewrapped } = await rewrapPayloads(db, { signal });
      return { items: rewrapped };
    },
  };
}
