import { describe, expect, it } from 'vitest';
import type { Integration } from '../core/resources.js';
import type { Change } from './change.js';
import { declaredFieldUses, fieldSegments, judgeFieldUsage } from './field-usage.js';

function integration(name: string, reads?: Record<string, string[]>): Integration {
  return { name, manifest: { spec: { uses: ['getIncident'], ...(reads ? { reads } : {}) } }, doc: { file: `${name}.yaml`, index: 0, value: {}, locate: () => ({ line: 1, column: 1 }) } } as unknown as Integration;
}

const removed: Change = { id: 'response-optional-property-removed', messageId: 'removed', level: 'warning', data: { propertyPath: 'assignee', status: '200', operationId: 'getIncident', direction: 'response', property: 'assignee' } };

describe('field usage', () => {
  it('reads dotted paths and JSON pointers, skipping array levels', () => {
    expect(fieldSegments('items.assignee.name')).toEqual(['assignee', 'name']);
    expect(fieldSegments('/result/0/a~1b')).toEqual(['result', 'a/b']);
  });

  it('a warning on a field a connector reads (or a parent of it) is breaking and names connector and field', () => {
    const a = integration('sync', { getIncident: ['id', 'assignee.name'] });
    const judged = judgeFieldUsage(removed, declaredFieldUses([a]), () => [a]);
    expect(judged.level).toBe('breaking');
    expect(judged.data?.fieldUsers).toEqual([{ integration: 'sync', operationId: 'getIncident', field: 'assignee.name', kind: 'reads' }]);
  });

  it('is info when every user declared its reads and none reads the field', () => {
    const a = integration('sync', { getIncident: ['id'] });
    const judged = judgeFieldUsage(removed, declaredFieldUses([a]), () => [a]);
    expect([judged.level, judged.status, judged.data?.unused]).toEqual(['info', 'unused', { field: 'reads' }]);
  });

  it('stays a warning when a user of the operation did not declare what it reads', () => {
    const a = integration('sync', { getIncident: ['id'] });
    const b = integration('other');
    expect(judgeFieldUsage(removed, declaredFieldUses([a, b]), () => [a, b]).level).toBe('warning');
  });
});
