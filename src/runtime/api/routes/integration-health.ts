import type { Route } from '../route.js';

const read = { object: 'state', action: 'read' };

/**
 * `GET /v1/integrations/health`: every applied integration with whether it can run and, if not, why
 * (a secret reference that does not resolve, a connector worker that keeps crashing). Values never appear.
 */
export const listIntegrationHealth: Route = {
  method: 'GET',
  path: '/v1/integrations/health',
  operationId: 'listIntegrationHealth',
  auth: 'bearer',
  permission: read,
  target: () => 'integrations',
  async handle(ctx) {
    const state = await ctx.services.store.state();
    const names = new Set(state.resources.filter((r) => r.kind === 'Integration').map((r) => r.name));
    for (const h of ctx.services.health.unhealthy()) names.add(h.integration);
    const integrations = [...names].sort().map((n) => ctx.services.health.of(n));
    return { status: 200, body: { healthy: integrations.every((i) => i.healthy), integrations } };
  },
};

export const integrationHealthRoutes: Route[] = [listIntegrationHealth];
