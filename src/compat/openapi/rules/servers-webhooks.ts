import type { Rule } from './rule.js';

/** Server base paths and (3.1) webhooks. */
export const serversWebhooks: Rule = {
  name: 'servers-webhooks',
  kinds: ['base-path-changed', 'webhook-added', 'webhook-removed'],
  checks: [
    { id: 'api-base-path-changed', messages: { moved: 'The server base path moved from {from:value} to {to:value}; operations were matched by their full URL path. Clients that build URLs from the server entry keep working; hard-coded URLs must change.' }, level: 'warning', description: 'The base path of the servers moved; operations are matched across the move, and clients with hard-coded URLs must follow it.', example: 'servers: [{url: /v1}] → [{url: /api/v1}]' },
    { id: 'webhook-added', messages: { added: 'Webhook {name:value} was added.' }, level: 'info', description: 'A webhook was added.', example: 'webhooks: {} → {invoicePaid}' },
    { id: 'webhook-removed', messages: { removed: 'Webhook {name:value} was removed; receivers will stop getting its events.' }, level: 'breaking', description: 'A webhook was removed; receivers stop getting its events.', example: 'webhooks: {invoicePaid} → {}' },
  ],
  judge(f) {
    switch (f.kind) {
      case 'base-path-changed':
        return { id: 'api-base-path-changed', messageId: 'moved', data: { from: (f.data.from as string | undefined) || '/', to: (f.data.to as string | undefined) || '/' } };
      case 'webhook-added':
        return { id: 'webhook-added', messageId: 'added', data: { name: f.data.name ?? null } };
      default:
        return { id: 'webhook-removed', messageId: 'removed', data: { name: f.data.name ?? null } };
    }
  },
};
