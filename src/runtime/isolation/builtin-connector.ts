import { sendWebhook, type SendResult } from '../delivery/http-sender.js';
import { applyTransform, type EventTransform } from '../delivery/transform.js';
import type { SendCall } from './send-call.js';
import { AdapterActionCaller } from '../actions/adapter-caller.js';
import type { ActionCallResult } from '../actions/caller.js';
import { SecretError } from '../../secrets/index.js';
import type { IsolatedCall } from './isolated-action-caller.js';
import type { ConnectorHost } from './protocol.js';

/** One integration per worker: one caller, holding its transport (keep-alive, OAuth token). */
let caller: AdapterActionCaller | undefined;

function actionCaller(call: IsolatedCall, host: ConnectorHost): AdapterActionCaller {
  caller ??= new AdapterActionCaller({
    allowAddresses: call.allowAddresses,
    // The runtime resolves (and keeps the integration's health); its message already names the reference.
    secrets: async (ref) => {
      try {
        return await host.secret(ref);
      } catch (error) {
        const message = (error as Error).message;
        throw new SecretError(ref, 'unavailable', message.startsWith(`secret ${ref}: `) ? message.slice(`secret ${ref}: `.length) : message);
      }
    },
  });
  return caller;
}

/**
 * The connector module every integration's worker loads unless told otherwise: the signed webhook POST
 * and the declarative transform, the same code the runtime runs in-process without isolation.
 */
export const ops = {
  send: (call: SendCall): Promise<SendResult> => sendWebhook({ ...call.request, target: { ...call.request.target, url: new URL(call.request.target.url) } }),
  transform: (args: { data: unknown; transform?: EventTransform }): unknown => applyTransform(args.data, args.transform),
  /** A vendor operation of an action, through the adapter runtime's transport (as in-process). */
  callOperation: (call: IsolatedCall, host: ConnectorHost): Promise<ActionCallResult> => actionCaller(call, host).callOperation(call.request),
  /** A round trip that does nothing: what isolation itself costs (benchmark). */
  echo: (args: unknown): unknown => args,
};
