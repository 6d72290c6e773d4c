import type { CheckMeta, Level } from '../../change.js';
import { LOWER_BOUNDS, UPPER_BOUNDS } from '../schema-keywords.js';
import { ALL_PREFIXES, family, place, type Direction, type Rule } from './rule.js';

const NARROWING: Record<Direction, Level> = { request: 'breaking', response: 'info' };
const WIDENING: Record<Direction, Level> = { request: 'info', response: 'breaking' };

function levelOf(side: 'upper' | 'lower', direction: 'increased' | 'decreased' | 'set' | 'unset', d: Direction): Level {
  if (direction === 'set') return d === 'request' ? 'warning' : 'info';
  if (direction === 'unset') return d === 'request' ? 'info' : 'warning';
  const narrows = (side === 'upper') === (direction === 'decreased');
  return narrows ? NARROWING[d] : WIDENING[d];
}

/** What a bound change says: the change, and for a breaking or warning one what it does to clients. */
function boundMessage(keyword: string, direction: 'increased' | 'decreased' | 'set' | 'unset', d: Direction, level: Level): string {
  const change = `\`${keyword}\` of {what} ${direction === 'set' ? 'is now {to}' : direction === 'unset' ? '({from}) was removed' : 'changed from {from} to {to}'}`;
  if (level === 'info') return `${change}.`;
  return d === 'request' ? `${change}; values clients send today may be rejected.` : `${change}; clients may receive values outside the range they validate.`;
}

const checks: CheckMeta[] = [];
for (const [bounds, side] of [[UPPER_BOUNDS, 'upper'], [LOWER_BOUNDS, 'lower']] as const) {
  for (const [keyword, stem] of bounds) {
    for (const direction of ['increased', 'decreased', 'set', 'unset'] as const) {
      checks.push(
        ...family(ALL_PREFIXES, `${stem}-${direction}`, (d) => levelOf(side, direction, d), `\`${keyword}\` of {where} was ${direction === 'set' ? 'added' : direction === 'unset' ? 'removed' : direction}.`, `${keyword}: 10 → ${keyword}: ${direction === 'increased' ? 20 : 5}`, (d) => ({
          [direction]: boundMessage(keyword, direction, d, levelOf(side, direction, d)),
        })),
      );
    }
  }
}

/** Numeric, length, item and property-count bounds: requests may loosen, responses may tighten. */
export const bounds: Rule = {
  name: 'bounds',
  kinds: ['bound-set', 'bound-unset', 'bound-widened', 'bound-narrowed'],
  checks,
  judge(f, ctx) {
    const { stem, from, to, direction } = f.data as { stem: string; from?: number; to?: number; direction: 'increased' | 'decreased' | 'set' | 'unset' };
    return { id: `${ctx.prefix}-${stem}-${direction}`, messageId: direction, data: { place: place(ctx), from: from ?? null, to: to ?? null } };
  },
};
