import type { IntegrationEvents } from './model.js';
import type { EventTransform } from './transform.js';

const DEFAULT_TIMEOUT_MS = 10_000;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The event-related part of an applied Integration spec. The runtime holds specs that passed schema
 * validation when they were planned, but it reads them defensively: a field of the wrong type is ignored
 * rather than trusted.
 */
export function integrationEvents(name: string, spec: Record<string, unknown>): IntegrationEvents {
  const events = isObject(spec.events) ? spec.events : {};
  const endpoint = isObject(spec.endpoint) ? spec.endpoint : {};
  const contract = isObject(spec.contract) ? str(spec.contract.ref) : undefined;
  const delivery = isObject(events.delivery) ? events.delivery : undefined;
  const inbound = isObject(events.inbound) ? events.inbound : undefined;
  const signature = inbound && isObject(inbound.signature) ? inbound.signature : undefined;
  const out: IntegrationEvents = {
    name,
    enabled: spec.enabled !== false,
    subscribe: Array.isArray(events.subscribe) ? events.subscribe.filter((p): p is string => typeof p === 'string') : [],
    localTesting: endpoint.localTesting === true,
    timeoutMs: typeof endpoint.timeoutMs === 'number' ? endpoint.timeoutMs : DEFAULT_TIMEOUT_MS,
  };
  if (contract) out.contract = contract;
  if (isObject(events.transform)) out.transform = events.transform as EventTransform;
  if (delivery && str(delivery.url) && str(delivery.secret)) {
    out.delivery = { url: str(delivery.url)!, secret: str(delivery.secret)!, ...(typeof delivery.concurrency === 'number' ? { concurrency: delivery.concurrency } : {}) };
  }
  if (signature && str(signature.scheme) && str(signature.secret)) {
    out.inbound = {
      ...(str(inbound!.path) ? { path: str(inbound!.path) } : {}),
      signature: {
        scheme: str(signature.scheme)!,
        secret: str(signature.secret)!,
        ...(typeof signature.toleranceSeconds === 'number' ? { toleranceSeconds: signature.toleranceSeconds } : {}),
        ...(str(signature.url) ? { url: str(signature.url) } : {}),
      },
      ...(str(inbound!.schema) ? { schema: str(inbound!.schema) } : {}),
      ...(Array.isArray(inbound!.eventTypes) ? { eventTypes: inbound!.eventTypes.filter((t): t is string => typeof t === 'string') } : {}),
    };
  }
  return out;
}
