import { randomBytes } from 'node:crypto';

/**
 * Time-ordered ids (`evt_…`, `msg_…`, export runs `exp_…`, action calls `call_…`): 9 base-36 characters of milliseconds then 16 random hex digits,
 * so they sort by creation and never collide across processes. A `msg_` id is the `webhook-id`.
 */
export function newId(prefix: 'evt_' | 'msg_' | 'exp_' | 'call_', now = Date.now()): string {
  return `${prefix}${now.toString(36).padStart(9, '0')}${randomBytes(8).toString('hex')}`;
}
