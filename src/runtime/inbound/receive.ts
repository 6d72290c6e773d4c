import { createHash } from 'node:crypto';
import type { DeliveryService } from '../delivery/service.js';
import type { IntegrationEvents } from '../delivery/model.js';
import type { Queryable } from '../store/database.js';
import { parseBoundedJson } from '../bounded-json.js';
import { resolveFor } from '../delivery/secret-refs.js';
import { checkPayload } from './payload-schema.js';
import { header, type Headers, type SchemeName } from './scheme.js';
import { SCHEMES } from './schemes.js';

export type HookRejection =
  | 'unknown-hook'
  | 'secret-unavailable'
  | 'missing-signature'
  | 'malformed-signature'
  | 'tampered'
  | 'stale'
  | 'replayed'
  | 'malformed-payload'
  | 'event-type-not-allowed'
  | 'schema-violation';

const STATUS: Record<HookRejection, number> = {
  'unknown-hook': 404,
  'secret-unavailable': 503,
  'missing-signature': 401,
  'malformed-signature': 401,
  tampered: 401,
  stale: 401,
  replayed: 409,
  'malformed-payload': 400,
  'event-type-not-allowed': 422,
  'schema-violation': 422,
};

export type HookResult =
  | { ok: true; integration: string; messageId: string; eventId: string; type: string; duplicate: boolean; schemaChecked: boolean; challenge?: string; scheme?: string; payload?: unknown }
  | { ok: false; status: number; reason: HookRejection; detail: string; integration: string | null; messageId?: string; errors?: { pointer: string; message: string }[] };

class Replayed extends Error {}

/**
 * An inbound webhook, from raw bytes to an accepted event: find the integration by its hook path, verify
 * the declared signature scheme on the exact bytes received, refuse a stale timestamp or a replay (the
 * same message id with the same signature again), validate the payload against the contract's schema,
 * then publish it as an event `<integration>.<vendor type>`. The same message id with a new signature is
 * the vendor retrying: it is acknowledged and not published twice. Every rejection and every acceptance
 * is audited (the acceptance in the same transaction as the event).
 */
export async function receiveWebhook(service: DeliveryService, hookPath: string, body: Buffer, headers: Headers, now: Date, requestUrl?: string): Promise<HookResult> {
  const catalog = await service.catalog.current();
  const integration = catalog.byInboundPath.get(hookPath);
  const reject = (reason: HookRejection, detail: string, extra: Partial<Extract<HookResult, { ok: false }>> = {}): HookResult => ({
    ok: false,
    status: STATUS[reason],
    reason,
    detail,
    integration: integration?.name ?? null,
    ...extra,
  });
  const result = await (async (): Promise<HookResult> => {
    if (!integration?.inbound || !integration.enabled) return reject('unknown-hook', `no enabled integration receives webhooks at /hooks/${hookPath}`);
    const { signature } = integration.inbound;
    const scheme = SCHEMES[signature.scheme as SchemeName];
    if (!scheme) return reject('secret-unavailable', `unknown scheme ${signature.scheme}`);
    const resolved = await resolveFor(service.config.secrets, signature.secret, integration.name, service.health);
    if (!resolved.ok) return reject('secret-unavailable', resolved.error);
    const secret = resolved.value;
    const url = signature.url ?? requestUrl;
    const verdict = scheme.verify({ body, headers, secret, toleranceSeconds: signature.toleranceSeconds ?? 300, now, ...(url ? { url } : {}) });
    if (!verdict.ok) return reject(verdict.reason, verdict.detail);
    let payload: unknown;
    try {
      payload = parsePayload(body, header(headers, 'content-type'));
    } catch (error) {
      return reject('malformed-payload', `the payload is not JSON: ${(error as Error).message}`, { messageId: verdict.messageId });
    }
    // Slack checks a new Events API endpoint with a signed challenge that must be echoed, not published.
    if (signature.scheme === 'slack' && isRecord(payload) && payload.type === 'url_verification' && typeof payload.challenge === 'string') {
      return { ok: true, integration: integration.name, messageId: verdict.messageId, eventId: '', type: 'url_verification', duplicate: false, schemaChecked: false, challenge: payload.challenge };
    }
    let schemaChecked = false;
    if (integration.inbound.schema && integration.contract) {
      const spec = catalog.contracts.get(integration.contract);
      const document = spec ? ((await service.contractDocument?.(integration.contract, spec)) ?? spec.document) : undefined;
      const check = checkPayload(document, integration.inbound.schema, payload);
      if (check.checked && check.errors.length) {
        return reject('schema-violation', `the payload does not match ${integration.inbound.schema}: ${check.errors[0].pointer || '/'} ${check.errors[0].message}`, {
          messageId: verdict.messageId,
          errors: check.errors,
        });
      }
      schemaChecked = check.checked;
    }
    const vendor = vendorType(payload, headers, integration.inbound.eventTypes);
    if (!vendor.ok) return reject('event-type-not-allowed', vendor.detail, { messageId: verdict.messageId });
    const type = `${integration.name}.${vendor.type}`;
    const fingerprint = createHash('sha256').update(verdict.fingerprint).digest('hex');
    try {
      const accepted = await service.accept(
        {
          type,
          data: payload,
          idempotencyKey: `hook:${integration.name}:${verdict.messageId}`,
          source: `hook:${integration.name}`,
          guard: async (tx) => {
            await pruneSeen(tx, service.config.inboundSeenMs, now);
            await rememberMessage(tx, integration, verdict.messageId, fingerprint, now);
          },
        },
        {
          actor: `hook:${integration.name}`,
          action: 'receiveWebhook',
          target: `Integration/${integration.name}`,
          data: { status: 202, messageId: verdict.messageId, ...(verdict.vendorId ? { vendorId: verdict.vendorId } : {}), schemaChecked },
        },
      );
      return { ok: true, integration: integration.name, messageId: verdict.messageId, eventId: accepted.eventId, type, duplicate: accepted.duplicate, schemaChecked, scheme: signature.scheme, payload };
    } catch (error) {
      if (error instanceof Replayed) return reject('replayed', `message ${verdict.messageId} was already received with this signature`, { messageId: verdict.messageId });
      throw error;
    }
  })();
  if (!result.ok) {
    await service.store.appendAudit(
      {
        actor: `hook:${result.integration ?? hookPath}`,
        action: 'receiveWebhook',
        target: result.integration ? `Integration/${result.integration}` : null,
        data: { status: result.status, problem: `webhook-${result.reason}`, detail: result.detail, ...(result.messageId ? { messageId: result.messageId } : {}) },
      },
      now,
    );
  }
  return result;
}

let lastPrune = 0;

/** Forgets seen ids older than the window (at most once a minute); the window is far wider than any tolerance. */
async function pruneSeen(tx: Queryable, seenMs: number, now: Date): Promise<void> {
  if (now.getTime() - lastPrune < 60_000) return;
  lastPrune = now.getTime();
  await tx.query('DELETE FROM inbound_messages WHERE received_at < $1::timestamptz', [new Date(now.getTime() - seenMs).toISOString()]);
}

/** Records the message id; the same id with the same signature material is a replay (throws). */
async function rememberMessage(tx: Queryable, integration: IntegrationEvents, messageId: string, fingerprint: string, now: Date): Promise<void> {
  const inserted = await tx.query(
    `INSERT INTO inbound_messages (integration, message_id, fingerprint, received_at) VALUES ($1, $2, $3, $4::timestamptz)
     ON CONFLICT (tenant_id, integration, message_id) DO NOTHING RETURNING message_id`,
    [integration.name, messageId, fingerprint, now.toISOString()],
  );
  if (inserted.length) return;
  const [seen] = await tx.query<{ fingerprint: string }>('SELECT fingerprint FROM inbound_messages WHERE integration = $1 AND message_id = $2', [integration.name, messageId]);
  if (seen?.fingerprint === fingerprint) throw new Replayed();
}

/** Headers some vendors name the event type in; no scheme signs them. */
const TYPE_HEADERS = ['x-github-event', 'x-event-type'];

/**
 * The vendor's own event type, made safe for subscribe patterns (`jira:issue_updated` →
 * `jira_issue_updated`). It comes from the signed body (`type`, `webhookEvent`) or from an unsigned
 * header only when the integration allow-lists it (`events.inbound.eventTypes`): an attacker replaying
 * a signed body must not choose which subscribers receive it. Without an allow-list the header is
 * ignored and the type is `received`; with one, a header outside it is refused.
 */
function vendorType(payload: unknown, headers: Headers, allowed: readonly string[] | undefined): { ok: true; type: string } | { ok: false; detail: string } {
  const p = payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
  const signed = (typeof p.type === 'string' && p.type) || (typeof p.webhookEvent === 'string' && p.webhookEvent);
  const safe = (raw: string) => raw.replace(/[^A-Za-z0-9_.-]/g, '_');
  if (signed) return { ok: true, type: safe(signed) };
  for (const name of TYPE_HEADERS) {
    const value = header(headers, name);
    if (value === undefined) continue;
    if (!allowed) break;
    if (allowed.includes(value)) return { ok: true, type: safe(value) };
    return { ok: false, detail: `${name} ${JSON.stringify(value.slice(0, 100))} is not one of the integration's events.inbound.eventTypes` };
  }
  return { ok: true, type: 'received' };
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The payload as the vendor meant it: JSON, or a form (`application/x-www-form-urlencoded`) whose single
 * `payload` field holds JSON (Slack interactivity, GitHub form deliveries), or whose fields are the
 * payload themselves (Slack slash commands, Twilio). Parsed only after the signature was verified.
 */
function parsePayload(body: Buffer, contentType: string | undefined): unknown {
  const text = body.toString('utf8');
  if (!contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) return parseBoundedJson(text);
  const form = new URLSearchParams(text);
  const inner = form.get('payload');
  if (inner !== null && [...form.keys()].length === 1) return parseBoundedJson(inner);
  return Object.fromEntries(form);
}
