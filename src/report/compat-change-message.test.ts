import { describe, expect, it } from 'vitest';
import type { Change } from '../compat/change.js';
import { changeMessage } from './compat-change-message.js';

const base: Change = { id: 'api-path-removed-without-deprecation', level: 'breaking', message: 'GET /a was removed.', operation: { method: 'GET', path: '/a' } };

describe('changeMessage', () => {
  it.each<[string, Change, string]>([
    ['no status', base, 'GET /a was removed.'],
    ['unused operation', { ...base, level: 'info', status: 'unused', data: { unused: { operations: ['getA'] } } }, 'GET /a was removed. No integration uses operation getA, so it breaks nothing here.'],
    ['unused operations', { ...base, level: 'info', status: 'unused', data: { unused: { operations: ['a', 'b'] } } }, 'GET /a was removed. No integration uses any of the 2 operations it reaches, so it breaks nothing here.'],
    ['unused coordinate', { ...base, level: 'info', status: 'unused', data: { unused: { coordinate: 'Issue.body' } } }, 'GET /a was removed. No operation document of an integration uses Issue.body, so it breaks nothing here.'],
    ['unused field', { ...base, level: 'info', status: 'unused', data: { unused: { field: 'reads' } } }, 'GET /a was removed. No connector reads this field, so it breaks nothing here.'],
    ['announced', { ...base, level: 'info', status: 'announced', data: { announcement: { date: '2026-10-01', reason: 'gone' } } }, 'GET /a was removed. Announced on 2026-10-01: gone'],
    [
      'unannounced',
      { ...base, status: 'unannounced', data: { remedy: { of: 'contract', from: '1.0.0', to: '1.1.0', announcedWithoutBump: false, target: 'operation: "GET /a"' } } },
      'GET /a was removed. To release it, bump the contract\'s major version and add an announcement {change: api-path-removed-without-deprecation, operation: "GET /a", date, reason}.',
    ],
    [
      'announced without a bump',
      { ...base, status: 'unannounced', data: { remedy: { of: 'data contract', from: '1.0.0', to: '1.1.0', announcedWithoutBump: true, target: 'property: x' } } },
      "GET /a was removed. It is announced, but the data contract's major version was not bumped (1.0.0 → 1.1.0); bump the major version to release it.",
    ],
    ['field readers', { ...base, data: { fieldUsers: [{ integration: 'sync', operationId: 'getA', field: 'id', kind: 'reads' }] } }, 'GET /a was removed. sync reads `id` of getA, so this breaks it.'],
    ['record producers', { ...base, data: { producers: ['sync (export, stream)'] } }, 'GET /a was removed. It breaks the consumers of sync (export, stream).'],
  ])('%s', (_name, change, expected) => {
    expect(changeMessage(change)).toBe(expected);
  });
});
