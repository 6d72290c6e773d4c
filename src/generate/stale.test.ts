import { describe, expect, it } from 'vitest';
import type { ParsedDocument } from '../core/document.js';
import type { Integration } from '../core/resources.js';
import type { WorkspaceModel } from '../validate/model.js';
import { staleAdapters, staleDiagnostics } from './stale.js';

const drift = {
  missing: ['generated/acme-sync/client.ts', 'generated/acme-sync/index.ts'],
  stale: ['generated/acme-sync/types.ts', 'generated/billing/index.ts'],
  extra: ['generated/old-adapter/index.ts', 'generated/old-adapter/types.ts'],
};

function doc(file: string): ParsedDocument {
  return { file, index: 0, value: {}, locate: (pointer) => (pointer === '/metadata/name' ? { line: 4, column: 9 } : { line: 1, column: 1 }) };
}

const model = {
  integrations: new Map([
    ['acme-sync', { name: 'acme-sync', doc: doc('integrations/acme/sync.yaml') } as Integration],
    ['billing', { name: 'billing', doc: doc('integrations/pay/billing.yaml') } as Integration],
  ]),
} as WorkspaceModel;

describe('stale adapters', () => {
  it('groups the drift by adapter folder', () => {
    expect(staleAdapters(drift)).toEqual([
      { adapter: 'acme-sync', missing: ['client.ts', 'index.ts'], stale: ['types.ts'], extra: [] },
      { adapter: 'billing', missing: [], stale: ['index.ts'], extra: [] },
      { adapter: 'old-adapter', missing: [], stale: [], extra: ['index.ts', 'types.ts'] },
    ]);
  });

  it('reports one finding per adapter on its integration, or on the folder of an orphan', () => {
    const found = staleDiagnostics(model, drift);
    expect(found.map((d) => [d.code, d.location, d.data])).toEqual([
      ['generate/stale', { file: 'integrations/acme/sync.yaml', pointer: '/metadata/name', line: 4, column: 9 }, { adapter: 'acme-sync', missing: ['client.ts', 'index.ts'], stale: ['types.ts'], extra: [] }],
      ['generate/stale', { file: 'integrations/pay/billing.yaml', pointer: '/metadata/name', line: 4, column: 9 }, { adapter: 'billing', missing: [], stale: ['index.ts'], extra: [] }],
      ['generate/stale', { file: 'generated/old-adapter/' }, { adapter: 'old-adapter', missing: [], stale: [], extra: ['index.ts', 'types.ts'] }],
    ]);
    expect(found.every((d) => d.severity === 'error')).toBe(true);
  });

  it('reports nothing when generated/ is up to date', () => {
    expect(staleDiagnostics(model, { missing: [], stale: [], extra: [] })).toEqual([]);
  });
});
