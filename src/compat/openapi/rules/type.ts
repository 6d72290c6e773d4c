import { ALL_PREFIXES, byDirection, family, show, subject, type Rule } from './rule.js';

const GENERALIZE: Record<string, string[]> = { integer: ['number'] };
const FORMAT_WIDER: Record<string, string[]> = { int32: ['int64'], float: ['double'] };

/** Type and format changes: requests may widen, responses may narrow; anything else breaks. */
export const type: Rule = {
  name: 'type',
  kinds: ['type-changed', 'format-changed'],
  checks: [
    ...family(ALL_PREFIXES, 'type-changed', (_d, prefix) => (prefix === 'request-parameter-property' ? 'warning' : 'breaking'), 'The type of {where} changed to one clients do not send or parse.', 'type: string → type: integer'),
    ...family(ALL_PREFIXES, 'type-generalized', byDirection('info', 'breaking'), 'The type of {where} was widened (e.g. integer → number).', 'type: integer → type: number'),
    ...family(ALL_PREFIXES, 'type-specialized', byDirection('breaking', 'info'), 'The type of {where} was narrowed (e.g. number → integer).', 'type: number → type: integer'),
    ...family(ALL_PREFIXES, 'list-of-types-widened', byDirection('info', 'breaking'), 'The list of types of {where} gained a type.', 'type: [string] → type: [string, integer]'),
    ...family(ALL_PREFIXES, 'list-of-types-narrowed', byDirection('breaking', 'info'), 'The list of types of {where} lost a type.', 'type: [string, integer] → type: string'),
    ...family(ALL_PREFIXES, 'format-changed', () => 'breaking', 'The format of {where} changed incompatibly.', 'format: date → format: date-time'),
    ...family(ALL_PREFIXES, 'format-generalized', byDirection('info', 'breaking'), 'The format of {where} was widened or dropped.', 'format: int32 → format: int64'),
    ...family(ALL_PREFIXES, 'format-specialized', byDirection('breaking', 'info'), 'The format of {where} was narrowed or added.', 'format: int64 → format: int32'),
  ],
  judge(f, ctx) {
    const p = ctx.prefix!;
    const request = ctx.direction === 'request';
    const what = subject(ctx);
    if (f.kind === 'format-changed') {
      const from = f.data.from as string | undefined;
      const to = f.data.to as string | undefined;
      const wider = to === undefined || (from !== undefined && FORMAT_WIDER[from]?.includes(to));
      const narrower = from === undefined || (to !== undefined && FORMAT_WIDER[to]?.includes(from));
      const id = wider ? `${p}-format-generalized` : narrower ? `${p}-format-specialized` : `${p}-format-changed`;
      const harmless = (wider && request) || (narrower && !request);
      return { id, message: `The format of ${what} changed from ${show(from)} to ${show(to)}${harmless ? '.' : `; ${request ? 'values clients send today may be rejected' : 'clients may fail to parse the new values'}. Keep the old format or announce a new major version.`}` };
    }
    const from = f.data.from as string[];
    const to = f.data.to as string[];
    const list = from.length > 1 || to.length > 1;
    const widened = to.length === 0 || (from.length > 0 && from.every((t) => to.includes(t) || GENERALIZE[t]?.some((g) => to.includes(g))));
    const narrowed = from.length === 0 || (to.length > 0 && to.every((t) => from.includes(t) || GENERALIZE[t]?.some((g) => from.includes(g))));
    let id: string;
    if (widened && !narrowed) id = list ? `${p}-list-of-types-widened` : `${p}-type-generalized`;
    else if (narrowed && !widened) id = list ? `${p}-list-of-types-narrowed` : `${p}-type-specialized`;
    else id = `${p}-type-changed`;
    const harmless = (request && widened && !narrowed) || (!request && narrowed && !widened);
    const fromText = from.length ? from.join(' | ') : 'any';
    const toText = to.length ? to.join(' | ') : 'any';
    return {
      id,
      message: `The type of ${what} changed from ${fromText} to ${toText}${harmless ? '.' : `; ${request ? 'values clients send today will be rejected' : 'clients will fail to parse the new values'}. Add a new field with the new type instead, or announce a new major version.`}`,
    };
  },
};

