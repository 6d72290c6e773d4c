import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { indexOperations, operationInput } from './operation.js';

const jira = parse(readFileSync(new URL('../../../contracts/atlassian/jira-cloud.openapi.yaml', import.meta.url), 'utf8')) as unknown;
const servicenow = parse(readFileSync(new URL('../../../contracts/servicenow/table-api.openapi.yaml', import.meta.url), 'utf8')) as unknown;

describe('operations of an applied contract', () => {
  it('reads method, path, parameters (through $refs) and the body media type', () => {
    const ops = indexOperations(servicenow)!;
    const create = ops.get('createIncident')!;
    expect([create.method, create.path, create.body]).toEqual(['POST', '/api/now/table/incident', { contentType: 'application/json', required: true }]);
    expect(create.params.map((p) => [p.name, p.in])).toEqual([
      ['sysparm_exclude_reference_link', 'query'],
      ['sysparm_input_display_value', 'query'],
    ]);
    expect(ops.get('getIncident')!.params.find((p) => p.in === 'path')?.name).toBe('sys_id');
  });

  it('is undefined for a value that is not an OpenAPI description', () => {
    expect(indexOperations({ hello: 'world' })).toBeUndefined();
    expect(indexOperations(undefined)).toBeUndefined();
  });

  it('sorts a rendered mapping into parameters and a nested body', () => {
    const create = indexOperations(jira)!.get('createIssue')!;
    expect(operationInput(create, { 'fields.project.key': 'OPS', 'fields.summary': 'Lost', 'fields.labels': ['interlock'] })).toEqual({ body: { fields: { project: { key: 'OPS' }, summary: 'Lost', labels: ['interlock'] } } });
    const get = indexOperations(servicenow)!.get('getIncident')!;
    expect(operationInput(get, { sys_id: 'abc', sysparm_fields: 'number' })).toEqual({ path: { sys_id: 'abc' }, query: { sysparm_fields: 'number' } });
  });
});
