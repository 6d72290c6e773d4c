import type { AlertRouteResult, AlertView } from '../../core/monitor-api.js';
import type { AddressClass } from '../delivery/address-class.js';
import { guardedPost } from '../delivery/guarded-post.js';
import type { SecretLookup } from '../delivery/secret-refs.js';
import type { Resolver } from '../delivery/ssrf-guard.js';

/** An applied integration that can carry alerts: one using Slack's `chat_postMessage`. */
export interface AlertChannel {
  integration: string;
  spec: Record<string, unknown>;
}

/** The integrations alerts are posted through: those whose `uses` has `chat_postMessage`. */
export function alertChannels(integrations: readonly { name: string; spec: Record<string, unknown> }[]): AlertChannel[] {
  return integrations.filter((i) => i.spec.enabled !== false && Array.isArray(i.spec.uses) && (i.spec.uses as unknown[]).includes('chat_postMessage')).map((i) => ({ integration: i.name, spec: i.spec }));
}

/** The channel the integration posts to: its `chat_postMessage` action's, else its transform's. */
function channelOf(spec: Record<string, unknown>): string | null {
  const actions = (spec.actions ?? []) as { call?: string; with?: Record<string, unknown> }[];
  const fromAction = actions.find((a) => a.call === 'chat_postMessage')?.with?.channel;
  if (typeof fromAction === 'string') return fromAction;
  const fromTransform = ((spec.events as Record<string, unknown> | undefined)?.transform as { set?: Record<string, unknown> } | undefined)?.set?.channel;
  return typeof fromTransform === 'string' ? fromTransform : null;
}

export function alertText(alert: AlertView, event: 'opened' | 'resolved'): string {
  const head = event === 'opened' ? `:rotating_light: ${alert.severity.toUpperCase()} ${alert.rule}` : `:white_check_mark: resolved ${alert.rule}`;
  return `${head} — ${alert.summary} (alert ${alert.id})`;
}

/** How alerts leave the runtime: the egress guard's allowed address classes (the runtime's) and its DNS. */
export interface AlertEgress {
  allow: readonly AddressClass[];
  resolve?: Resolver;
}

/**
 * Posts an alert's opening or resolution through a Slack integration: `POST {baseUrl}/chat.postMessage`
 * with the integration's API key header (resolved from its reference now, never stored), through the
 * egress guard as action calls are (an address outside the allowed classes is refused, nothing sent).
 * Never throws: a failure or refusal is a result kept on the alert.
 */
export async function postToSlack(channel: AlertChannel, alert: AlertView, event: 'opened' | 'resolved', secrets: SecretLookup, egress: AlertEgress, now: Date, timeoutMs = 5000): Promise<AlertRouteResult> {
  const base = { integration: channel.integration, operation: 'chat_postMessage', event, at: now.toISOString() };
  const endpoint = channel.spec.endpoint as { baseUrl?: string; localTesting?: unknown } | undefined;
  const auth = channel.spec.auth as { type?: string; in?: string; name?: string; value?: string } | undefined;
  const target = channelOf(channel.spec);
  if (!endpoint?.baseUrl || !target) return { ...base, status: null, ok: false, error: 'the integration names no endpoint.baseUrl or channel' };
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (auth?.type === 'apiKey' && auth.in === 'header' && auth.name && auth.value) {
    const value = await Promise.resolve(secrets(auth.value)).catch(() => undefined);
    if (value === undefined) return { ...base, status: null, ok: false, error: `secret ${auth.value} does not resolve` };
    headers[auth.name.toLowerCase()] = value;
  }
  const answer = await guardedPost(
    { url: `${endpoint.baseUrl.replace(/\/+$/, '')}/chat.postMessage`, headers, body: JSON.stringify({ channel: target, text: alertText(alert, event), unfurl_links: false }), timeoutMs },
    { localTesting: endpoint.localTesting === true, allow: egress.allow },
    egress.resolve,
  );
  if (answer.outcome === 'refused') return { ...base, status: null, ok: false, error: `refused by the egress guard: ${answer.detail}` };
  if (answer.outcome === 'failed') return { ...base, status: null, ok: false, error: answer.error };
  const body = parseAnswer(answer.text);
  const ok = answer.status >= 200 && answer.status < 300 && body?.ok !== false;
  return { ...base, status: answer.status, ok, ...(ok ? {} : { error: body?.error ?? `HTTP ${answer.status}` }) };
}

function parseAnswer(text: string): { ok?: boolean; error?: string } | null {
  try {
    return JSON.parse(text) as { ok?: boolean; error?: string };
  } catch {
    return null;
  }
}
