import type { ActionCaller, ActionCallRequest, ActionCallResult } from '../actions/caller.js';
import type { AddressClass } from '../delivery/address-class.js';
import { IsolationError } from './isolation-error.js';
import type { IsolationPool } from './pool.js';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Extra time a connector's worker gets beyond the operation's own timeouts to answer. */
const GRACE_MS = 1000;

/** What crosses into the worker for one vendor call. */
export interface IsolatedCall {
  request: ActionCallRequest;
  allowAddresses: AddressClass[];
}

/**
 * Action calls through each integration's worker: the adapter runtime's transport runs there, with the
 * integration's secrets asked of the runtime by reference. A misbehaving connector becomes a failed call
 * (no status, the cause as its error) that the action runner retries on the delivery schedule.
 */
export class IsolatedActionCaller implements ActionCaller {
  constructor(
    private readonly pool: IsolationPool,
    private readonly allowAddresses: readonly AddressClass[],
  ) {}

  async callOperation(request: ActionCallRequest): Promise<ActionCallResult> {
    const endpoint = isObject(request.spec.endpoint) ? request.spec.endpoint : {};
    const timeoutMs = typeof endpoint.timeoutMs === 'number' ? endpoint.timeoutMs : 10_000;
    const call: IsolatedCall = { request, allowAddresses: [...this.allowAddresses] };
    try {
      // An OAuth token request and the call itself may each take the endpoint's timeout.
      return (await this.pool.call(request.integration, 'callOperation', call, 2 * timeoutMs + GRACE_MS)) as ActionCallResult;
    } catch (error) {
      if (error instanceof IsolationError) return { status: null, error: `connector ${error.reason}: ${error.message}`, latencyMs: 0 };
      throw error;
    }
  }
}
