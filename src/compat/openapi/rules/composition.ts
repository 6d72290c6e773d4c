import type { Level } from '../../change.js';
import { ALL_PREFIXES, family, place, type Direction, type Rule } from './rule.js';

const LEVELS: Record<string, Record<'added' | 'removed', Record<Direction, Level>>> = {
  allOf: { added: { request: 'breaking', response: 'info' }, removed: { request: 'warning', response: 'info' } },
  anyOf: { added: { request: 'info', response: 'info' }, removed: { request: 'breaking', response: 'info' } },
  oneOf: { added: { request: 'info', response: 'breaking' }, removed: { request: 'breaking', response: 'info' } },
};
const STEM: Record<string, string> = { allOf: 'all-of', anyOf: 'any-of', oneOf: 'one-of' };

/** What an entry change says: the change, and for a breaking or warning one what it does to clients. */
function entryMessage(keyword: string, change: 'added' | 'removed', d: Direction, level: Level): string {
  const base = `\`${keyword}\` entry {name} was ${change === 'added' ? 'added to' : 'removed from'} {what}`;
  if (level === 'info') return `${base}.`;
  if (d === 'response') return `${base}; clients may receive a shape they do not know.`;
  return change === 'added' ? `${base}; requests must now satisfy one more schema.` : `${base}; requests that used that alternative will be rejected.`;
}

/** allOf / anyOf / oneOf entries added or removed, and a schema wrapped into a oneOf. */
export const composition: Rule = {
  name: 'composition',
  kinds: ['xof-added', 'xof-removed', 'wrapped-in-one-of'],
  checks: [
    ...Object.entries(LEVELS).flatMap(([keyword, byChange]) =>
      (['added', 'removed'] as const).flatMap((change) =>
        family(ALL_PREFIXES, `${STEM[keyword]}-${change}`, (d) => byChange[change][d], `An \`${keyword}\` entry was ${change === 'added' ? 'added to' : 'removed from'} {where}.`, `${keyword}: [A] → ${change === 'added' ? '[A, B]' : '[]'}`, (d) => ({
          [change]: entryMessage(keyword, change, d, byChange[change][d]),
        })),
      ),
    ),
    ...family(ALL_PREFIXES, 'wrapped-in-one-of', () => 'breaking', '{where} was wrapped into a oneOf; generated clients see a different type.', 'schema: $ref A → oneOf: [$ref A, $ref B]', {
      wrapped: '{What} was wrapped into a oneOf; typed clients must now handle several shapes.',
    }),
  ],
  judge(f, ctx) {
    if (f.kind === 'wrapped-in-one-of') return { id: `${ctx.prefix}-wrapped-in-one-of`, messageId: 'wrapped', data: { place: place(ctx) } };
    const keyword = String(f.data.keyword);
    const change = f.kind === 'xof-added' ? 'added' : 'removed';
    return { id: `${ctx.prefix}-${STEM[keyword]}-${change}`, messageId: change, data: { place: place(ctx), name: String(f.data.name) } };
  },
};
