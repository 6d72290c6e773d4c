import { matchesPattern } from '../../core/event-pattern.js';
import { renderTemplate } from '../../core/action-template.js';
import type { AcceptedEvent } from '../delivery/model.js';
import type { ActionSpec } from './model.js';

/** An integration as far as its actions go. */
export interface ActingIntegration {
  name: string;
  enabled: boolean;
  actions: readonly ActionSpec[];
}

/** A call to queue: its request rendered now, or the reason it cannot be (the call is then dead at once). */
export interface PlannedCall {
  integration: string;
  actionIndex: number;
  action: ActionSpec;
  request: Record<string, unknown> | null;
  error: string | null;
}

/** What a template sees of an event: the accepted event's fields, `data` as sent. */
export function eventContext(event: AcceptedEvent): Record<string, unknown> {
  return { id: event.id, type: event.type, source: event.source, acceptedAt: event.acceptedAt, idempotencyKey: event.idempotencyKey, data: event.data };
}

/**
 * The calls one accepted event causes: one per action of an enabled integration whose `on` matches the
 * event's type, each `with` value rendered from the event (keys kept as mapped; the adapter caller sorts
 * them into parameters and body). Pure. A value the event lacks makes the call dead with the reason, so it
 * is visible rather than sent half-filled.
 */
export function planActionCalls(event: AcceptedEvent, integrations: readonly ActingIntegration[]): PlannedCall[] {
  const out: PlannedCall[] = [];
  const ctx = { event: eventContext(event) };
  for (const integration of integrations) {
    if (!integration.enabled) continue;
    integration.actions.forEach((action, actionIndex) => {
      if (!matchesPattern(action.on, event.type)) return;
      try {
        const request: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(action.with)) request[key] = renderTemplate(value, ctx);
        out.push({ integration: integration.name, actionIndex, action, request, error: null });
      } catch (error) {
        out.push({ integration: integration.name, actionIndex, action, request: null, error: `cannot render 'with': ${(error as Error).message}` });
      }
    });
  }
  return out;
}
