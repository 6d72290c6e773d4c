import { describe, expect, it } from 'vitest';
import type { DataContract, DataContractSpec } from '../../core/resources.js';
import { DATA_CHECKS, diffDataContract } from './diff-datacontract.js';

type Fields = DataContractSpec['fields'];

function dc(fields: Fields, version = '1.0.0'): DataContract {
  const resource: DataContract = {
    id: 'DataContract/shipments',
    kind: 'DataContract',
    name: 'shipments',
    manifest: { apiVersion: 'interlock.dev/v1', kind: 'DataContract', metadata: { name: 'shipments' }, spec: { version, fields } },
    doc: { file: 'shipments.datacontract.yaml', index: 0, value: {}, locate: () => ({ line: 7, column: 5 }) },
  };
  return resource;
}

const internal = { sensitivity: 'internal', pii: null } as const;
const BASE: Fields = {
  id: { type: 'string', required: true, classification: internal },
  email: { type: 'string', classification: { sensitivity: 'confidential', pii: 'contact' } },
  weight: { type: 'number', classification: internal },
};

const ids = (head: Fields) => diffDataContract(dc(BASE), dc(head)).map((c) => [c.id, c.level, c.data.property, c.messageId]);

describe('diffDataContract', () => {
  it('reports nothing for an unchanged record', () => {
    expect(ids(BASE)).toEqual([]);
  });

  it.each<[string, Fields, [string, string, string, string][]]>([
    ['removed', { id: BASE.id, email: BASE.email }, [['data-property-removed', 'breaking', 'weight', 'removed']]],
    ['renamed (same type, presence and classification)', { id: BASE.id, email_address: BASE.email, weight: BASE.weight }, [['data-property-renamed', 'breaking', 'email', 'renamed']]],
    ['retyped', { ...BASE, weight: { ...BASE.weight, type: 'string' } }, [['data-property-type-changed', 'breaking', 'weight', 'changed']]],
    ['made required', { ...BASE, weight: { ...BASE.weight, required: true } }, [['data-property-became-required', 'breaking', 'weight', 'required']]],
    ['no longer required', { ...BASE, id: { ...BASE.id, required: false } }, [['data-property-became-optional', 'warning', 'id', 'optional']]],
    ['sensitivity lowered', { ...BASE, email: { ...BASE.email, classification: { sensitivity: 'internal', pii: 'contact' } } }, [['data-property-classification-lowered', 'breaking', 'email', 'sensitivity']]],
    ['personal data declared as none', { ...BASE, email: { ...BASE.email, classification: { sensitivity: 'confidential', pii: null } } }, [['data-property-classification-lowered', 'breaking', 'email', 'pii']]],
    ['classification raised', { ...BASE, weight: { ...BASE.weight, classification: { sensitivity: 'confidential', pii: null } } }, [['data-property-classification-raised', 'info', 'weight', 'raised']]],
    ['added', { ...BASE, carrier: { type: 'string', classification: internal } }, [['data-property-added', 'info', 'carrier', 'added']]],
  ])('%s', (_name, head, expected) => {
    expect(ids(head)).toEqual(expected);
  });

  it('gives each change the facts its template names', () => {
    const all = [
      ...diffDataContract(dc(BASE), dc({ id: BASE.id, email_address: BASE.email, weight: { ...BASE.weight, type: 'string', required: true } })),
      ...diffDataContract(dc(BASE), dc({ ...BASE, email: { ...BASE.email, classification: { sensitivity: 'internal', pii: 'contact' } } })),
      ...diffDataContract(dc(BASE), dc({ ...BASE, email: { ...BASE.email, classification: { sensitivity: 'confidential', pii: null } } })),
    ];
    expect(all.map((c) => [c.id, c.messageId, c.data.property, c.data.from, c.data.to])).toEqual([
      ['data-property-renamed', 'renamed', 'email', undefined, 'email_address'],
      ['data-property-became-required', 'required', 'weight', undefined, undefined],
      ['data-property-type-changed', 'changed', 'weight', 'number', 'string'],
      ['data-property-classification-lowered', 'sensitivity', 'email', 'confidential', 'internal'],
      ['data-property-classification-lowered', 'pii', 'email', 'contact', null],
    ]);
    for (const c of all) {
      const template = DATA_CHECKS.find((m) => m.id === c.id)!.messages[c.messageId];
      for (const [, name] of template.matchAll(/\{(\w+)\}/g)) expect(c.data[name], `${c.id}/${c.messageId}: {${name}}`).toBeDefined();
    }
  });

  it('does not pair a rename when two added properties could be it', () => {
    const head: Fields = { id: BASE.id, email: BASE.email, a: BASE.weight, b: BASE.weight };
    expect(ids(head).map((c) => c[0])).toEqual(['data-property-added', 'data-property-added', 'data-property-removed']);
  });

  it('locates both sides by pointer and line', () => {
    const [c] = diffDataContract(dc(BASE), dc({ id: BASE.id, email_address: BASE.email, weight: BASE.weight }));
    expect(c.base).toEqual({ file: 'shipments.datacontract.yaml', pointer: '/spec/fields/email', line: 7 });
    expect(c.head).toEqual({ file: 'shipments.datacontract.yaml', pointer: '/spec/fields/email_address', line: 7 });
  });
});
