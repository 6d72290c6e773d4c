import { describe, expect, it } from 'vitest';
import type { Change } from '../compat/change.js';
import { changeMessage, changeSentence, messageProblems } from './compat-change-message.js';
import { fillTemplate } from './compat-template.js';

const base: Change = { id: 'api-path-removed-without-deprecation', messageId: 'removed', level: 'breaking', operation: { method: 'GET', path: '/a' }, data: {} };
const said = 'GET /a was removed without being deprecated first; clients calling it will fail.';
const instead = 'Deprecate the path with `x-sunset` first and remove it after that date.';

describe('changeMessage', () => {
  it.each<[string, Change, string]>([
    ['no status: the sentence, then the reason', base, `${said} ${instead}`],
    ['unused operation (info: no reason)', { ...base, level: 'info', status: 'unused', data: { unused: { operations: ['getA'] } } }, `${said} No integration uses operation getA, so it breaks nothing here.`],
    ['unused operations', { ...base, level: 'info', status: 'unused', data: { unused: { operations: ['a', 'b'] } } }, `${said} No integration uses any of the 2 operations it reaches, so it breaks nothing here.`],
    ['unused coordinate', { ...base, level: 'info', status: 'unused', data: { unused: { coordinate: 'Issue.body' } } }, `${said} No operation document of an integration uses Issue.body, so it breaks nothing here.`],
    ['unused field', { ...base, level: 'info', status: 'unused', data: { unused: { field: 'reads' } } }, `${said} No connector reads this field, so it breaks nothing here.`],
    ['announced', { ...base, level: 'info', status: 'announced', data: { announcement: { date: '2026-10-01', reason: 'gone' } } }, `${said} Announced on 2026-10-01: gone`],
    [
      'unannounced',
      { ...base, status: 'unannounced', data: { remedy: { of: 'contract', from: '1.0.0', to: '1.1.0', announcedWithoutBump: false, target: 'operation: "GET /a"' } } },
      `${said} ${instead} To release it, bump the contract's major version and add an announcement {change: api-path-removed-without-deprecation, operation: "GET /a", date, reason}.`,
    ],
    [
      'announced without a bump',
      { ...base, status: 'unannounced', data: { remedy: { of: 'data contract', from: '1.0.0', to: '1.1.0', announcedWithoutBump: true, target: 'property: x' } } },
      `${said} ${instead} It is announced, but the data contract's major version was not bumped (1.0.0 → 1.1.0); bump the major version to release it.`,
    ],
    ['field readers', { ...base, data: { fieldUsers: [{ integration: 'sync', operationId: 'getA', field: 'id', kind: 'reads' }] } }, `${said} ${instead} sync reads \`id\` of getA, so this breaks it.`],
    ['record producers', { ...base, data: { producers: ['sync (export, stream)'] } }, `${said} ${instead} It breaks the consumers of sync (export, stream).`],
  ])('%s', (_name, change, expected) => {
    expect(changeMessage(change)).toBe(expected);
  });

  it('says how the change was found: unstable operation, shared schema reach, forward comparison', () => {
    const found: Change = { ...base, level: 'info', data: { unstable: 'alpha', operations: [{ method: 'GET', path: '/a' }, { method: 'GET', path: '/b' }], compatibility: 'forward' } };
    expect(changeMessage(found)).toBe(`Forward compatibility (clients written for the new version, served by the old one): ${said} (The operation is x-stability-level: alpha, so this is not a compatibility break.) (Reaches 2 operations.)`);
    // A breaking one: the reason comes right after the sentence, as the advice did in the prose.
    const shared: Change = { ...base, data: { operations: [{ method: 'GET', path: '/a' }, { method: 'GET', path: '/b' }] } };
    expect(changeMessage(shared)).toBe(`${said} ${instead} (Reaches 2 operations.)`);
  });

  it('names the place of a family id and shows schema values as literals', () => {
    const c: Change = { id: 'request-property-enum-value-removed', messageId: 'rejected', level: 'breaking', data: { place: { prefix: 'request-property', property: 'a.kind' }, values: ['b', 2] } };
    expect(changeSentence(c)).toBe("Request property `a.kind` no longer accepts 'b', 2; clients that send it will be rejected.");
    const r: Change = { id: 'response-body-enum-value-added', messageId: 'returned', level: 'warning', data: { place: { prefix: 'response-body', status: '200', mediaType: 'application/json' }, values: ['c'] } };
    expect(changeSentence(r)).toBe("The 200 response body (application/json) may now return 'c'; clients with an exhaustive match must handle the new value.");
  });
});

describe('messageProblems', () => {
  it('is empty for a change its template can be filled for', () => {
    expect(messageProblems(base)).toEqual([]);
  });

  it('names a placeholder the data does not supply, an unknown messageId and an unknown id', () => {
    expect(messageProblems({ id: 'request-property-enum-value-removed', messageId: 'rejected', level: 'breaking', data: { place: { prefix: 'request-property', property: 'kind' } } })).toEqual([
      'request-property-enum-value-removed/rejected: no value for {values} in {"place":{"prefix":"request-property","property":"kind"}}',
    ]);
    expect(messageProblems({ ...base, operation: undefined })).toEqual(['api-path-removed-without-deprecation/removed: no value for {endpoint} in {}']);
    expect(messageProblems({ ...base, messageId: 'gone' })[0]).toContain("no template 'gone'");
    expect(messageProblems({ ...base, id: 'no-such-id' })).toEqual(['no-such-id: no metadata for this id']);
  });

  it('leaves an unfilled placeholder visible rather than printing undefined', () => {
    expect(fillTemplate('{a} and {b:value}', { data: { a: 'x' } })).toEqual({ text: 'x and {b:value}', missing: ['b'] });
    expect(fillTemplate('{b:value}', { data: { b: null } }).text).toBe('none');
    // An enum that allows null lists it as null, not as an absent value.
    expect(fillTemplate('{v:value}', { data: { v: ['a', null, 2] } }).text).toBe("'a', null, 2");
  });
});
