import { sendWebhook, type SendResult } from '../delivery/http-sender.js';
import { applyTransform, type EventTransform } from '../delivery/transform.js';
import type { SendCall } from './send-call.js';

/**
 * The connector module every integration's worker loads unless told otherwise: the signed webhook POST
 * and the declarative transform, the same code the runtime runs in-process without isolation.
 */
export const ops = {
  send: (call: SendCall): Promise<SendResult> => sendWebhook({ ...call.request, target: { ...call.request.target, url: new URL(call.request.target.url) } }),
  transform: (args: { data: unknown; transform?: EventTransform }): unknown => applyTransform(args.data, args.transform),
  /** A round trip that does nothing: what isolation itself costs (benchmark). */
  echo: (args: unknown): unknown => args,
};
