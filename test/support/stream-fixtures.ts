import { SHIPMENTS } from './export-fixtures.js';
import type { Store } from '../../src/runtime/store/store.js';

/** Test fixture: applies the shipments DataContract and an Integration named `name` whose `stream` is `stream`. */
export async function applyStream(store: Store, name: string, stream: Record<string, unknown>): Promise<void> {
  await store.apply(
    {
      expectedRevision: await store.revision(),
      changes: [
        { action: (await store.resource('DataContract', 'shipments')) ? 'update' : 'create', kind: 'DataContract', name: 'shipments', spec: SHIPMENTS as unknown as Record<string, unknown> },
        {
          action: 'create',
          kind: 'Integration',
          name,
          spec: { vendor: 'acme', contract: { ref: 'x' }, direction: 'outbound', endpoint: { baseUrl: 'https://x.example' }, auth: { type: 'none' }, stream },
        },
      ],
    },
    { actor: 'test', now: new Date() },
    { actor: 'test', action: 'applyChanges', target: 'state', data: {} },
  );
}
