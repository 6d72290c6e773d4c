import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../load/yaml-document.js';
import { loadOpenApi } from './load-openapi.js';
import { findOperation, lookupRequestField, schemaTypes, unmappedRequiredFields } from './request-fields.js';

const TEXT = `openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /issues/{project}:
    post:
      operationId: createIssue
      parameters:
        - { name: project, in: path, required: true, schema: { type: string } }
        - { name: X-Trace, in: header, schema: { type: string } }
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Input' }
      responses: { '201': { description: ok } }
components:
  schemas:
    Input:
      allOf:
        - type: object
          required: [fields]
          properties:
            fields:
              type: object
              required: [summary]
              properties:
                summary: { type: string }
                priority: { type: integer, enum: [1, 2, 3] }
        - type: object
          properties:
            labels: { type: object, additionalProperties: { type: string } }
`;

function load() {
  const doc = parseYaml('api.openapi.yaml', TEXT).documents[0];
  const spec = loadOpenApi(doc).value!;
  return { spec, op: findOperation(spec, 'createIssue')! };
}

describe('request fields', () => {
  it('finds parameters by name and body fields by dotted path through allOf and $ref', () => {
    const { spec, op } = load();
    expect(lookupRequestField(spec, op, 'project')).toMatchObject({ field: { in: 'path' } });
    expect(lookupRequestField(spec, op, 'x-trace')).toMatchObject({ field: { in: 'header' } });
    const priority = lookupRequestField(spec, op, 'fields.priority');
    expect(priority).toMatchObject({ field: { in: 'body' } });
    expect('field' in priority && schemaTypes(spec, priority.field.schema)).toEqual({ types: ['integer'], enum: [1, 2, 3] });
    expect(lookupRequestField(spec, op, 'labels.team')).toMatchObject({ field: { in: 'body' } });
  });
  it('names the first missing segment and the fields that exist there', () => {
    const { spec, op } = load();
    expect(lookupRequestField(spec, op, 'fields.sumary')).toEqual({ missing: 'fields.sumary', candidates: ['fields.summary', 'fields.priority'] });
  });
  it('lists required parameters and required body fields of the objects the mapping reaches', () => {
    const { spec, op } = load();
    expect(unmappedRequiredFields(spec, op, [])).toEqual(['project', 'fields']);
    expect(unmappedRequiredFields(spec, op, ['project', 'fields.priority'])).toEqual(['fields.summary']);
    expect(unmappedRequiredFields(spec, op, ['project', 'fields'])).toEqual([]);
  });
});
