import { describe, expect, it } from 'vitest';
import { integrationEvents } from './integration-spec.js';
import { isCanaryEvent, routeEvent, type Canary } from './routing.js';

const spec = (subscribe: string[], extra: Record<string, unknown> = {}) => ({
  enabled: true,
  endpoint: { baseUrl: 'https://x.example', timeoutMs: 5000 },
  events: { subscribe, delivery: { url: 'https://hooks.example/a', secret: 'env:A_SECRET', concurrency: 3 }, ...extra },
});
const event = { id: 'evt_1', type: 'incident.created', data: { id: 1, secret: 's' }, acceptedAt: '2026-01-01T00:00:00.000Z' };

describe('event routing', () => {
  it('routes to each matching, enabled integration with a delivery endpoint, transformed', () => {
    const integrations = [
      integrationEvents('a', spec(['incident.*'], { transform: { pick: ['id'] } })),
      integrationEvents('b', spec(['shipment.*'])),
      integrationEvents('c', { ...spec(['**']), enabled: false }),
      integrationEvents('d', { events: { subscribe: ['**'] } }),
    ];
    const routed = routeEvent(event, integrations, new Map(), 10);
    expect(routed).toEqual([
      {
        integration: 'a',
        variant: 'stable',
        target: { url: 'https://hooks.example/a', secret: 'env:A_SECRET', localTesting: false, timeoutMs: 5000, concurrency: 3 },
        body: '{"type":"incident.created","timestamp":"2026-01-01T00:00:00.000Z","data":{"id":1}}',
      },
    ]);
  });

  it('sends the canary share to the canary version, deterministically', () => {
    const stable = integrationEvents('a', spec(['incident.*']));
    const canaryEvents = integrationEvents('a', { ...spec(['incident.*']), events: { subscribe: ['incident.*'], delivery: { url: 'https://canary.example/a', secret: 'env:A' } } });
    const canaries = new Map<string, Canary>([['a', { integration: 'a', percent: 25, events: canaryEvents }]]);
    let canary = 0;
    for (let i = 0; i < 2000; i++) {
      const [d] = routeEvent({ ...event, id: `evt_${i}` }, [stable], canaries, 10);
      if (d.variant === 'canary') {
        canary++;
        expect(d.target.url).toBe('https://canary.example/a');
      }
      expect(isCanaryEvent(`evt_${i}`, 'a', 25)).toBe(d.variant === 'canary');
    }
    expect(canary / 2000).toBeGreaterThan(0.2);
    expect(canary / 2000).toBeLessThan(0.3);
    expect(isCanaryEvent('evt_x', 'a', 0)).toBe(false);
    expect(isCanaryEvent('evt_x', 'a', 100)).toBe(true);
  });

  it('reads the inbound declaration', () => {
    const i = integrationEvents('j', {
      contract: { ref: 'jira' },
      events: { inbound: { path: 'jira-hooks', signature: { scheme: 'github', secret: 'env:S', toleranceSeconds: 60 }, schema: '#/components/schemas/E' } },
    });
    expect(i.inbound).toEqual({ path: 'jira-hooks', signature: { scheme: 'github', secret: 'env:S', toleranceSeconds: 60 }, schema: '#/components/schemas/E' });
    expect(i.contract).toBe('jira');
  });
});
