import { ALL_PREFIXES, byDirection, family, perDirection, place, type Rule } from './rule.js';

/** Enumerations and constants: requests may gain values, responses may lose them. */
export const enumRule: Rule = {
  name: 'enum',
  kinds: ['became-enum', 'enum-value-removed', 'enum-value-added', 'x-extensible-enum-value-removed', 'x-extensible-enum-value-added', 'const-changed', 'const-added', 'const-removed'],
  checks: [
    ...family(ALL_PREFIXES, 'became-enum', byDirection('breaking', 'info'), '{where} was restricted to a list of values.', 'type: string → type: string, enum: [a, b]', perDirection({ restricted: '{What} now only accepts {values:value}; clients that send other values will be rejected.' }, { limited: '{What} is now limited to {values:value}.' })),
    ...family(ALL_PREFIXES, 'enum-value-removed', byDirection('breaking', 'info'), 'A value was removed from the enum of {where}.', 'enum: [a, b, c] → enum: [a, b]', perDirection({ rejected: '{What} no longer accepts {values:value}; clients that send it will be rejected.' }, { gone: '{What} no longer returns {values:value}.' })),
    ...family(ALL_PREFIXES, 'enum-value-added', byDirection('info', 'warning'), 'A value was added to the enum of {where}; response readers must handle it.', 'enum: [a, b] → enum: [a, b, c]', perDirection({ accepted: '{What} now also accepts {values:value}.' }, { returned: '{What} may now return {values:value}; clients with an exhaustive match must handle the new value.' })),
    ...family(ALL_PREFIXES, 'x-extensible-enum-value-removed', byDirection('breaking', 'info'), 'A value was removed from the x-extensible-enum of {where}.', 'x-extensible-enum: [a, b] → [a]', perDirection({ rejected: '{What} no longer accepts {values:value}; clients that send it will be rejected.' }, { gone: '{What} no longer returns {values:value}.' })),
    ...family(ALL_PREFIXES, 'x-extensible-enum-value-added', () => 'info', 'A value was added to the x-extensible-enum of {where}.', 'x-extensible-enum: [a] → [a, b]', { added: '{What} gained the extensible value {values:value}.' }),
    ...family(ALL_PREFIXES, 'const-changed', () => 'breaking', 'The const value of {where} changed.', 'const: v1 → const: v2', { changed: 'The constant value of {what} changed from {from:value} to {to:value}; clients built for the old value break.' }),
    ...family(ALL_PREFIXES, 'const-added', byDirection('breaking', 'info'), '{where} was restricted to one constant value.', 'type: string → type: string, const: v1', perDirection({ restricted: '{What} now only accepts {to:value}; clients that send other values will be rejected.' }, { constant: '{What} is now always {to:value}.' })),
    ...family(ALL_PREFIXES, 'const-removed', byDirection('info', 'breaking'), 'The const restriction of {where} was removed; responses may carry other values.', 'const: v1 → (removed)', perDirection({ relaxed: '{What} no longer has to be {from:value}.' }, { open: '{What} was always {from:value} and may now be other values; clients that rely on the constant break.' })),
  ],
  judge(f, ctx) {
    const p = ctx.prefix!;
    const request = ctx.direction === 'request';
    const where = place(ctx);
    switch (f.kind) {
      case 'became-enum':
        return { id: `${p}-became-enum`, messageId: request ? 'restricted' : 'limited', data: { place: where, values: f.data.values } };
      case 'enum-value-removed':
        return { id: `${p}-enum-value-removed`, messageId: request ? 'rejected' : 'gone', data: { place: where, values: f.data.values } };
      case 'enum-value-added':
        return { id: `${p}-enum-value-added`, messageId: request ? 'accepted' : 'returned', data: { place: where, values: f.data.values } };
      case 'x-extensible-enum-value-removed':
        return { id: `${p}-x-extensible-enum-value-removed`, messageId: request ? 'rejected' : 'gone', data: { place: where, values: f.data.values } };
      case 'x-extensible-enum-value-added':
        return { id: `${p}-x-extensible-enum-value-added`, messageId: 'added', data: { place: where, values: f.data.values } };
      case 'const-added':
        return { id: `${p}-const-added`, messageId: request ? 'restricted' : 'constant', data: { place: where, to: f.data.to ?? null } };
      case 'const-removed':
        return { id: `${p}-const-removed`, messageId: request ? 'relaxed' : 'open', data: { place: where, from: f.data.from ?? null } };
      default:
        return { id: `${p}-const-changed`, messageId: 'changed', data: { place: where, from: f.data.from ?? null, to: f.data.to ?? null } };
    }
  },
};
