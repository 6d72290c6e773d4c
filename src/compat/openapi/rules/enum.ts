import { ALL_PREFIXES, byDirection, family, show, subject, type Rule } from './rule.js';

/** Enumerations and constants: requests may gain values, responses may lose them. */
export const enumRule: Rule = {
  name: 'enum',
  kinds: ['became-enum', 'enum-value-removed', 'enum-value-added', 'x-extensible-enum-value-removed', 'x-extensible-enum-value-added', 'const-changed', 'const-added', 'const-removed'],
  checks: [
    ...family(ALL_PREFIXES, 'became-enum', byDirection('breaking', 'info'), '{where} was restricted to a list of values.', 'type: string → type: string, enum: [a, b]'),
    ...family(ALL_PREFIXES, 'enum-value-removed', byDirection('breaking', 'info'), 'A value was removed from the enum of {where}.', 'enum: [a, b, c] → enum: [a, b]'),
    ...family(ALL_PREFIXES, 'enum-value-added', byDirection('info', 'warning'), 'A value was added to the enum of {where}; response readers must handle it.', 'enum: [a, b] → enum: [a, b, c]'),
    ...family(ALL_PREFIXES, 'x-extensible-enum-value-removed', byDirection('breaking', 'info'), 'A value was removed from the x-extensible-enum of {where}.', 'x-extensible-enum: [a, b] → [a]'),
    ...family(ALL_PREFIXES, 'x-extensible-enum-value-added', () => 'info', 'A value was added to the x-extensible-enum of {where}.', 'x-extensible-enum: [a] → [a, b]'),
    ...family(ALL_PREFIXES, 'const-changed', () => 'breaking', 'The const value of {where} changed.', 'const: v1 → const: v2'),
    ...family(ALL_PREFIXES, 'const-added', byDirection('breaking', 'info'), '{where} was restricted to one constant value.', 'type: string → type: string, const: v1'),
    ...family(ALL_PREFIXES, 'const-removed', byDirection('info', 'breaking'), 'The const restriction of {where} was removed; responses may carry other values.', 'const: v1 → (removed)'),
  ],
  judge(f, ctx) {
    const p = ctx.prefix!;
    const what = subject(ctx);
    const request = ctx.direction === 'request';
    const values = show(f.data.values);
    switch (f.kind) {
      case 'became-enum':
        return { id: `${p}-became-enum`, message: request ? `${what} now only accepts ${values}; clients that send other values will be rejected. Keep it open, or announce a new major version.` : `${what} is now limited to ${values}.` };
      case 'enum-value-removed':
        return { id: `${p}-enum-value-removed`, message: request ? `${what} no longer accepts ${values}; clients that send it will be rejected. Keep accepting it (deprecate it in the description) or announce a new major version.` : `${what} no longer returns ${values}.` };
      case 'enum-value-added':
        return { id: `${p}-enum-value-added`, message: request ? `${what} now also accepts ${values}.` : `${what} may now return ${values}; clients with an exhaustive match must handle the new value.` };
      case 'x-extensible-enum-value-removed':
        return { id: `${p}-x-extensible-enum-value-removed`, message: request ? `${what} no longer accepts ${values}; clients that send it will be rejected.` : `${what} no longer returns ${values}.` };
      case 'x-extensible-enum-value-added':
        return { id: `${p}-x-extensible-enum-value-added`, message: `${what} gained the extensible value ${values}.` };
      default:
        if (f.kind === 'const-added') {
          return { id: `${p}-const-added`, message: request ? `${what} now only accepts ${show(f.data.to)}; clients that send other values will be rejected. Keep it open, or announce a new major version.` : `${what} is now always ${show(f.data.to)}.` };
        }
        if (f.kind === 'const-removed') {
          return { id: `${p}-const-removed`, message: request ? `${what} no longer has to be ${show(f.data.from)}.` : `${what} was always ${show(f.data.from)} and may now be other values; clients that rely on the constant break. Keep it, or announce a new major version.` };
        }
        return { id: `${p}-const-changed`, message: `The constant value of ${what} changed from ${show(f.data.from)} to ${show(f.data.to)}; clients built for the old value break. Add a new value alongside instead.` };
    }
  },
};
