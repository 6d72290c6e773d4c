import { describe, expect, it } from 'vitest';
import { parseTemplate, renderMapping, renderTemplate, TemplateValueMissing } from './action-template.js';

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

describe('renderMapping', () => {
  const event = { id: 'evt_1', type: 'incident.created', data: { summary: 'Hub down', count: 3, tags: ['a'] } };
  it('keeps whole-value types, renders text, nests dotted keys and keeps literals', () => {
    expect(
      renderMapping({ 'fields.summary': 'Incident: {{event.data.summary}} ({{event.data.count}})', 'fields.labels': '{{event.data.tags}}', count: '{{event.data.count}}', urgency: '2', notify: true }, { event }),
    ).toEqual({ fields: { summary: 'Incident: Hub down (3)', labels: ['a'] }, count: 3, urgency: '2', notify: true });
  });
  it('reads the answer in emit mappings', () => {
    expect(renderTemplate('{{response.result.number}}', { event, response: { result: { number: 'INC0012345' } } })).toBe('INC0012345');
  });
  it('throws on a missing value instead of sending undefined', () => {
    expect(() => renderTemplate('{{event.data.nope}}', { event })).toThrow(TemplateValueMissing);
    expect(() => renderTemplate('x {{event.data.nope}}', { event })).toThrow('{{event.data.nope}} has no value');
  });
});
