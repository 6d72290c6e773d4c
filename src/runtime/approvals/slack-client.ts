import type { DeliveryService } from '../delivery/service.js';
import { resolveFor } from '../delivery/secret-refs.js';
import { guardedPost } from '../delivery/guarded-post.js';

export type SlackAnswer = { ok: true; channel: string | null; ts: string | null } | { ok: false; error: string };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The applied Slack integration approvals go through: the named one, else the first whose inbound hook is Slack-signed. */
export async function approvalsIntegration(delivery: DeliveryService, named?: string): Promise<string | null> {
  const catalog = await delivery.catalog.current();
  if (named) return catalog.byName.has(named) ? named : null;
  return catalog.integrations.filter((i) => i.enabled && i.inbound?.signature.scheme === 'slack').map((i) => i.name).sort()[0] ?? null;
}

/** The channel approvals are posted to: configured, else the one the integration's transform sets. */
export async function approvalsChannel(delivery: DeliveryService, integration: string, configured?: string): Promise<string | null> {
  if (configured) return configured;
  const spec = (await delivery.store.resource('Integration', integration))?.spec;
  const set = isObject(spec?.events) && isObject(spec.events.transform) && isObject(spec.events.transform.set) ? spec.events.transform.set : {};
  return typeof set.channel === 'string' ? set.channel : null;
}

/**
 * Calls a Slack Web API method through the integration's endpoint (`baseUrl`) with its `auth` header
 * (the bot token, a secret reference resolved now), through the egress guard as action calls are: the
 * address is judged (the endpoint's localTesting, the runtime's allowed classes) and the connection pinned
 * to it, so no second DNS answer can send the token elsewhere.
 * Slack answers 200 with `ok: false` for most failures; both are failures here.
 */
export async function callSlack(delivery: Pick<DeliveryService, 'store' | 'config' | 'health' | 'resolve'>, integration: string, method: 'chat.postMessage' | 'chat.update', body: Record<string, unknown>): Promise<SlackAnswer> {
  const spec = (await delivery.store.resource('Integration', integration))?.spec;
  const endpoint = isObject(spec?.endpoint) ? spec.endpoint : {};
  const auth = isObject(spec?.auth) ? spec.auth : {};
  if (typeof endpoint.baseUrl !== 'string') return { ok: false, error: `integration ${integration} has no endpoint.baseUrl` };
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (auth.type === 'apiKey' && auth.in === 'header' && typeof auth.name === 'string' && typeof auth.value === 'string') {
    const secret = await resolveFor(delivery.config.secrets, auth.value, integration, delivery.health);
    if (!secret.ok) return { ok: false, error: secret.error };
    headers[auth.name.toLowerCase()] = secret.value;
  }
  const url = `${endpoint.baseUrl.replace(/\/+$/, '')}/${method}`;
  const timeoutMs = typeof endpoint.timeoutMs === 'number' ? endpoint.timeoutMs : 10_000;
  const res = await guardedPost({ url, headers, body: JSON.stringify(body), timeoutMs }, { localTesting: endpoint.localTesting === true, allow: delivery.config.allowAddresses }, delivery.resolve);
  if (res.outcome === 'refused') return { ok: false, error: `refused by the egress guard: ${res.detail}` };
  if (res.outcome === 'failed') return { ok: false, error: `Slack ${method}: ${res.error}` };
  if (res.status < 200 || res.status >= 300) return { ok: false, error: `Slack ${method} answered HTTP ${res.status}` };
  const answer = parseAnswer(res.text);
  if (answer.ok === false) return { ok: false, error: `Slack ${method}: ${typeof answer.error === 'string' ? answer.error : 'not ok'}` };
  return { ok: true, channel: typeof answer.channel === 'string' ? answer.channel : null, ts: typeof answer.ts === 'string' ? answer.ts : null };
}

function parseAnswer(text: string): { ok?: unknown; error?: unknown; channel?: unknown; ts?: unknown } {
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}
