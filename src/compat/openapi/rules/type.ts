import type { Place } from '../../change.js';
import type { RuleContext, Verdict } from './rule.js';
import { ALL_PREFIXES, byDirection, family, place, type Rule } from './rule.js';

const GENERALIZE: Record<string, string[]> = { integer: ['number'] };
const FORMAT_WIDER: Record<string, string[]> = { int32: ['int64', 'bigint'], int64: ['bigint'], float: ['double'], date: ['date-time'], time: ['date-time'] };

/** `integer` values are `number` values. */
function isSubtype(sub: string, sup: string): boolean {
  return sub === sup || GENERALIZE[sub]?.includes(sup) === true;
}

/**
 * Whether every value of the types that left is still accepted by the types that came, as oasdiff
 * judges it: one type replaced by its supertype always is; where values travel as text (parameters,
 * non-JSON bodies) anything is also accepted by `string` or by no type at all.
 */
function contained(came: string[], left: string[], loose: boolean): boolean {
  if (came.length === 1 && left.length === 1 && isSubtype(left[0], came[0])) return true;
  return loose && (came.length === 0 || (came.length === 1 && came[0] === 'string'));
}

function isJson(mediaType: string): boolean {
  const m = mediaType.split(';')[0].trim().toLowerCase();
  return m === 'application/json' || m.endsWith('+json');
}

/** Values travel as text: a parameter's own value, or a body whose media type is not JSON (XML, forms, text). */
function looselyTyped(ctx: RuleContext): boolean {
  if (ctx.prefix === 'request-parameter') return true;
  return ctx.mediaType !== undefined && !isJson(ctx.mediaType) && /^(request|response)-(body|property)$/.test(ctx.prefix ?? '');
}

interface Items {
  types: string[];
  constrained: boolean;
}

/**
 * A query or cookie parameter serialized `form` + `explode` that went from a scalar to an array of
 * that scalar: `?color=red` is a valid one-item array, so clients sending one value still work.
 */
function scalarToExplodedArray(ctx: RuleContext, from: string[], to: string[], items: Items | undefined): boolean {
  if (ctx.prefix !== 'request-parameter' || !items || items.constrained) return false;
  if (ctx.parameterIn !== 'query' && ctx.parameterIn !== 'cookie') return false;
  if (ctx.serialization?.style !== 'form' || !ctx.serialization.explode) return false;
  const base = from.filter((t) => t !== 'null');
  const head = to.filter((t) => t !== 'null');
  if (!base.length || base.includes('array') || head.length !== 1 || head[0] !== 'array') return false;
  const item = items.types.filter((t) => t !== 'null');
  return item.length === 0 || item.includes('string') || base.every((t) => item.some((i) => isSubtype(t, i)));
}

/**
 * A property of an object parameter (`?filter[id]=1` or `?filter={"id":1}`): whether its values travel
 * as text or as JSON depends on a serialization the description does not pin down, so the change is
 * judged both ways, as oasdiff does. Harmless either way: generalized (info); breaking either way:
 * specialized (breaking); the two disagree (e.g. number → string, fine as text, not as JSON): changed
 * (warning).
 */
function parameterPropertyVerdict(where: Place, from: string[], to: string[]): Verdict {
  const came = to.filter((t) => !from.includes(t));
  const left = from.filter((t) => !to.includes(t));
  const asJson = contained(came, left, false);
  const asText = contained(came, left, true);
  const data = { place: where, from: typesText(from), to: typesText(to) };
  if (asJson && asText) return { id: 'request-parameter-property-type-generalized', messageId: 'widened', data };
  if (!asJson && !asText) return { id: 'request-parameter-property-type-specialized', messageId: 'either-way', data };
  return { id: 'request-parameter-property-type-changed', messageId: 'text-only', data };
}

/** `string | null`, or `any` for no type. */
function typesText(types: string[]): string {
  return types.length ? types.join(' | ') : 'any';
}

/** What a type change says, by direction (`strict`: the harmless way round, no consequence). */
function typeMessages(direction: 'request' | 'response'): Record<string, string> {
  return {
    strict: 'The type of {what} changed from {from} to {to}.',
    breaks: `The type of {what} changed from {from} to {to}; ${direction === 'request' ? 'values clients send today will be rejected' : 'clients will fail to parse the new values'}.`,
  };
}

function formatMessages(direction: 'request' | 'response'): Record<string, string> {
  return {
    harmless: 'The format of {what} changed from {from:value} to {to:value}.',
    breaks: `The format of {what} changed from {from:value} to {to:value}; ${direction === 'request' ? 'values clients send today may be rejected' : 'clients may fail to parse the new values'}.`,
  };
}

/** Type and format changes: requests may widen, responses may narrow; anything else breaks. */
export const type: Rule = {
  name: 'type',
  kinds: ['type-changed', 'format-changed'],
  checks: [
    ...family(ALL_PREFIXES, 'type-changed', (_d, prefix) => (prefix === 'request-parameter-property' ? 'warning' : 'breaking'), 'The type of {where} changed to one clients do not send or parse.', 'type: string → type: integer', (d) => ({
      ...typeMessages(d),
      ...(d === 'request' ? { 'text-only': 'The type of {what} changed from {from} to {to}; values sent today still parse if the parameter travels as text, but not as JSON.' } : {}),
    })),
    ...family(ALL_PREFIXES, 'type-generalized', byDirection('info', 'breaking'), 'The type of {where} was widened (e.g. integer → number; for a parameter, anything → string, or a scalar → an array of it sent as form/explode).', 'type: integer → type: number', (d) => ({
      ...typeMessages(d),
      ...(d === 'request'
        ? {
            widened: 'The type of {what} was widened from {from} to {to}.',
            'as-text': 'The type of {what} changed from {from} to {to}; parameter values travel as text, so values sent today are still accepted.',
            'one-item-array': 'The type of {what} changed from {from} to {to}; a single value is a one-item array in form/explode serialization.',
          }
        : {}),
    })),
    ...family(ALL_PREFIXES, 'type-specialized', byDirection('breaking', 'info'), 'The type of {where} was narrowed (e.g. number → integer).', 'type: number → type: integer', (d) => ({
      ...typeMessages(d),
      ...(d === 'request' ? { 'either-way': 'The type of {what} changed from {from} to {to}; values clients send today will be rejected whether the parameter travels as text or as JSON.' } : {}),
    })),
    ...family(['request-body', 'request-property', 'response-body', 'response-property'], 'type-compatible', () => 'info', 'The type of {where} changed, but its media type is not JSON, so values are text either way (e.g. an XML body whose type became string).', 'application/xml: type: object → type: string', {
      'as-text': 'The type of {what} changed from {from} to {to}; {mediaType} carries values as text either way.',
    }),
    ...family(ALL_PREFIXES, 'list-of-types-widened', byDirection('info', 'breaking'), 'The list of types of {where} gained a type.', 'type: [string] → type: [string, integer]', typeMessages),
    ...family(ALL_PREFIXES, 'list-of-types-narrowed', byDirection('breaking', 'info'), 'The list of types of {where} lost a type.', 'type: [string, integer] → type: string', typeMessages),
    ...family(ALL_PREFIXES, 'format-changed', () => 'breaking', 'The format of {where} changed incompatibly.', 'format: date → format: date-time', formatMessages),
    ...family(ALL_PREFIXES, 'format-generalized', byDirection('info', 'breaking'), 'The format of {where} was widened or dropped.', 'format: int32 → format: int64', formatMessages),
    ...family(ALL_PREFIXES, 'format-specialized', byDirection('breaking', 'info'), 'The format of {where} was narrowed or added.', 'format: int64 → format: int32', formatMessages),
  ],
  judge(f, ctx) {
    const p = ctx.prefix!;
    const request = ctx.direction === 'request';
    const where = place(ctx);
    if (f.kind === 'format-changed') {
      const from = f.data.from as string | undefined;
      const to = f.data.to as string | undefined;
      const wider = to === undefined || (from !== undefined && FORMAT_WIDER[from]?.includes(to));
      const narrower = from === undefined || (to !== undefined && FORMAT_WIDER[to]?.includes(from));
      const id = wider ? `${p}-format-generalized` : narrower ? `${p}-format-specialized` : `${p}-format-changed`;
      const harmless = (wider && request) || (narrower && !request);
      return { id, messageId: harmless ? 'harmless' : 'breaks', data: { place: where, from: from ?? null, to: to ?? null } };
    }
    const from = f.data.from as string[];
    const to = f.data.to as string[];
    const list = from.length > 1 || to.length > 1;
    const widened = to.length === 0 || (from.length > 0 && from.every((t) => to.includes(t) || GENERALIZE[t]?.some((g) => to.includes(g))));
    const narrowed = from.length === 0 || (to.length > 0 && to.every((t) => from.includes(t) || GENERALIZE[t]?.some((g) => from.includes(g))));
    const harmlessStrict = (request && widened && !narrowed) || (!request && narrowed && !widened);
    if (p === 'request-parameter-property' && !list) return parameterPropertyVerdict(where, from, to);
    if (!harmlessStrict && looselyTyped(ctx)) {
      const came = to.filter((t) => !from.includes(t));
      const left = from.filter((t) => !to.includes(t));
      const textOk = request ? contained(came, left, true) : contained(left, came, true);
      if (textOk || scalarToExplodedArray(ctx, from, to, f.data.items as Items | undefined)) {
        if (p === 'request-parameter') return { id: 'request-parameter-type-generalized', messageId: textOk ? 'as-text' : 'one-item-array', data: { place: where, from: typesText(from), to: typesText(to) } };
        return { id: `${p}-type-compatible`, messageId: 'as-text', data: { place: where, from: typesText(from), to: typesText(to), mediaType: ctx.mediaType ?? null } };
      }
    }
    let id: string;
    if (widened && !narrowed) id = list ? `${p}-list-of-types-widened` : `${p}-type-generalized`;
    else if (narrowed && !widened) id = list ? `${p}-list-of-types-narrowed` : `${p}-type-specialized`;
    else id = `${p}-type-changed`;
    return { id, messageId: harmlessStrict ? 'strict' : 'breaks', data: { place: where, from: typesText(from), to: typesText(to) } };
  },
};
