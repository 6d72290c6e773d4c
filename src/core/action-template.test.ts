import { describe, expect, it } from 'vitest';
import { parseTemplate } from './action-template.js';

describe('parseTemplate', () => {
  it('passes a whole-value reference through, typed', () => {
    expect(parseTemplate('{{ event.data.summary }}', ['event'])).toEqual({ kind: 'value', ref: { root: 'event', path: ['data', 'summary'] } });
  });
  it('makes text of references inside other text', () => {
    expect(parseTemplate('SHP {{event.data.n}} at {{event.data.hub}}', ['event'])).toEqual({
      kind: 'text',
      refs: [
        { root: 'event', path: ['data', 'n'] },
        { root: 'event', path: ['data', 'hub'] },
      ],
    });
  });
  it('treats everything else as a literal', () => {
    for (const v of ['plain', 3, true, null, ['a'], { a: 1 }]) expect(parseTemplate(v, ['event'])).toEqual({ kind: 'literal', value: v });
  });
  it('refuses unknown roots with a suggestion, non-paths and unbalanced braces', () => {
    expect(parseTemplate('{{evnt.id}}', ['event', 'response'])).toMatchObject({ kind: 'invalid', reason: { suggest: ['event.id'] } });
    expect(parseTemplate('{{response.key}}', ['event'])).toMatchObject({ kind: 'invalid' });
    expect(parseTemplate('{{event.data[0]}}', ['event'])).toMatchObject({ kind: 'invalid' });
    expect(parseTemplate('a {{event.id}} }}', ['event'])).toMatchObject({ kind: 'invalid' });
  });
});
