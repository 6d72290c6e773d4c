import type { Level } from '../../change.js';
import { ALL_PREFIXES, family, subject, type Direction, type Rule } from './rule.js';

const LEVELS: Record<string, Record<'added' | 'removed', Record<Direction, Level>>> = {
  allOf: { added: { request: 'breaking', response: 'info' }, removed: { request: 'warning', response: 'info' } },
  anyOf: { added: { request: 'info', response: 'info' }, removed: { request: 'breaking', response: 'info' } },
  oneOf: { added: { request: 'info', response: 'breaking' }, removed: { request: 'breaking', response: 'info' } },
};
const STEM: Record<string, string> = { allOf: 'all-of', anyOf: 'any-of', oneOf: 'one-of' };

/** allOf / anyOf / oneOf entries added or removed, and a schema wrapped into a oneOf. */
export const composition: Rule = {
  name: 'composition',
  kinds: ['xof-added', 'xof-removed', 'wrapped-in-one-of'],
  checks: [
    ...Object.entries(LEVELS).flatMap(([keyword, byChange]) =>
      (['added', 'removed'] as const).flatMap((change) =>
        family(ALL_PREFIXES, `${STEM[keyword]}-${change}`, (d) => byChange[change][d], `An \`${keyword}\` entry was ${change === 'added' ? 'added to' : 'removed from'} {where}.`, `${keyword}: [A] → ${change === 'added' ? '[A, B]' : '[]'}`),
      ),
    ),
    ...family(ALL_PREFIXES, 'wrapped-in-one-of', () => 'breaking', '{where} was wrapped into a oneOf; generated clients see a different type.', 'schema: $ref A → oneOf: [$ref A, $ref B]'),
  ],
  judge(f, ctx) {
    const what = subject(ctx);
    if (f.kind === 'wrapped-in-one-of') {
      return { id: `${ctx.prefix}-wrapped-in-one-of`, message: `${what} was wrapped into a oneOf; typed clients must now handle several shapes. Add a new field or operation for the new shape instead.` };
    }
    const keyword = String(f.data.keyword);
    const change = f.kind === 'xof-added' ? 'added' : 'removed';
    const level = LEVELS[keyword][change][ctx.direction!];
    const id = `${ctx.prefix}-${STEM[keyword]}-${change}`;
    const base = `\`${keyword}\` entry ${String(f.data.name)} was ${change === 'added' ? 'added to' : 'removed from'} ${what}`;
    if (level === 'info') return { id, message: base + '.' };
    const advice =
      ctx.direction === 'request'
        ? change === 'added'
          ? '; requests must now satisfy one more schema. Announce a new major version or make the new schema optional.'
          : '; requests that used that alternative will be rejected. Keep it, or announce a new major version.'
        : '; clients may receive a shape they do not know. Announce a new major version, or add the shape behind a new field.';
    return { id, message: base + advice };
  },
};
