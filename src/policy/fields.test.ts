import { describe, expect, it } from 'vitest';
import { fieldMapEntry, namesOf, walkOpenApiSchema, type RawField } from './fields.js';
import { loadExample, overlay } from './examples/load.js';
import { effectivePolicies } from './policies.js';
import { workspaceFacts } from './facts.js';
import { INTEGRATION, integrationYaml, OPENAPI, openapiWith } from '../../test/support/policy-fixtures.js';

function walk(root: unknown, schema: unknown): { names: string[]; sensitivity?: string }[] {
  const out: RawField[] = [];
  walkOpenApiSchema(root, schema, 'op.request', (f) => out.push(f));
  return out.map((f) => ({ names: namesOf(f), ...(f.classification ? { sensitivity: f.classification.sensitivity } : {}) }));
}

describe('OpenAPI payload walk', () => {
  const root = {
    components: {
      schemas: {
        Ticket: {
          type: 'object',
          'x-classification': { sensitivity: 'internal', pii: null },
          properties: {
            id: { type: 'string' },
            requester: { $ref: '#/components/schemas/User' },
            tags: { type: 'array', items: { type: 'string' } },
            parent: { $ref: '#/components/schemas/Ticket' },
          },
        },
        User: {
          allOf: [{ type: 'object', properties: { email: { type: 'string', 'x-classification': { sensitivity: 'confidential', pii: 'contact' } } } }, { properties: { name: { type: 'string' } } }],
        },
      },
    },
  };

  it('follows $refs, allOf and arrays, names fields from each named schema, inherits classification, stops at cycles', () => {
    expect(walk(root, { $ref: '#/components/schemas/Ticket' })).toEqual([
      { names: ['Ticket.id'], sensitivity: 'internal' },
      { names: ['Ticket.requester.email', 'User.email'], sensitivity: 'confidential' },
      { names: ['Ticket.requester.name', 'User.name'], sensitivity: 'internal' },
      { names: ['Ticket.tags'], sensitivity: 'internal' },
    ]);
  });

  it('names an inline payload after its operation', () => {
    expect(walk(root, { type: 'object', properties: { note: { type: 'string' } } })).toEqual([{ names: ['op.request.note'] }]);
  });

  it('the field map entry that classifies a field is the longest matching key or prefix', () => {
    const map = { Ticket: { sensitivity: 'internal' as const, pii: null }, 'User.email': { sensitivity: 'restricted' as const, pii: 'contact' as const } };
    expect(fieldMapEntry(map, ['Ticket.requester.email', 'User.email'])).toBe('User.email');
    expect(fieldMapEntry(map, ['Ticket.id'])).toBe('Ticket');
    expect(fieldMapEntry(map, ['Tickets.id'])).toBeUndefined();
  });
});

describe('fields of an integration', () => {
  it('covers requests, responses, Swagger 2.0 body parameters, response $refs, data contracts and the field map', async () => {
    const files = overlay({
      [OPENAPI]: openapiWith('        title: { type: string }').replace(
        "'201': { description: Created, content: { application/json: { schema: { $ref: '#/components/schemas/Ticket' } } } }",
        "'201': { $ref: '#/components/responses/Created' }",
      ).replace('components:\n', "components:\n  responses:\n    Created: { description: Created, content: { application/json: { schema: { type: object, properties: { receipt: { type: string } } } } } }\n"),
      'contracts/notes.datacontract.yaml': 'apiVersion: interlock.dev/v1\nkind: DataContract\nmetadata: { name: notes }\nspec:\n  version: 1.0.0\n  fields:\n    body: { type: string, classification: { sensitivity: confidential, pii: null } }\n',
      [INTEGRATION]: integrationYaml({ data: "{ region: eu-central, subjects: [eu], retentionDays: 30, records: [notes], fields: { 'Extra.field': { sensitivity: public, pii: null } } }" }),
    });
    const { model, ok, diagnostics } = await loadExample(files);
    expect(ok, JSON.stringify(diagnostics)).toBe(true);
    const facts = workspaceFacts(model, effectivePolicies(model));
    const fields = facts.fieldsOf(model.integrations.get('ticket-sync')!);
    expect(fields.map((f) => `${f.flow} ${f.path} ${f.classifiedBy ?? '-'} ${f.pointer}`)).toEqual([
      'sends Ticket.id contract /spec/uses/0',
      'sends Ticket.title contract /spec/uses/0',
      'receives createTicket.response.receipt - /spec/uses/0',
      'exports notes.body data-contract /spec/data/records/0',
      'declared Extra.field field-map /spec/data/fields/Extra.field',
    ]);
    expect(facts.computedTier(model.vendors.get('acme')!)).toMatchObject({ tier: 'medium', score: 4, parts: [{ criterion: 'dataSensitivity', value: 'confidential', source: 'field notes.body of integration ticket-sync' }, {}, {}, {}] });
  });
});
