import { show, type Rule } from './rule.js';

/** Server base paths and (3.1) webhooks. */
export const serversWebhooks: Rule = {
  name: 'servers-webhooks',
  kinds: ['base-path-changed', 'webhook-added', 'webhook-removed'],
  checks: [
    { id: 'api-base-path-changed', level: 'warning', description: 'The base path of the servers moved; operations are matched across the move, and clients with hard-coded URLs must follow it.', example: 'servers: [{url: /v1}] → [{url: /api/v1}]' },
    { id: 'webhook-added', level: 'info', description: 'A webhook was added.', example: 'webhooks: {} → {invoicePaid}' },
    { id: 'webhook-removed', level: 'breaking', description: 'A webhook was removed; receivers stop getting its events.', example: 'webhooks: {invoicePaid} → {}' },
  ],
  judge(f) {
    switch (f.kind) {
      case 'base-path-changed':
        return { id: 'api-base-path-changed', message: `The server base path moved from ${show(f.data.from || '/')} to ${show(f.data.to || '/')}; operations were matched by their full URL path. Clients that build URLs from the server entry keep working; hard-coded URLs must change.` };
      case 'webhook-added':
        return { id: 'webhook-added', message: `Webhook ${show(f.data.name)} was added.` };
      default:
        return { id: 'webhook-removed', message: `Webhook ${show(f.data.name)} was removed; receivers will stop getting its events. Deprecate it first, or announce a new major version.` };
    }
  },
};
