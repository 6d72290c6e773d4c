import type { OperationInput, OperationSpec } from '../../adapter-runtime/index.js';

/**
 * One call of a vendor operation, as the action runner hands it over: everything in it is plain data
 * (structured-clone safe), so a caller may run it in this thread, in a worker or in another process.
 */
export interface ActionCallRequest {
  callId: string;
  /** 1-based attempt number of this call. */
  attempt: number;
  integration: string;
  /** The tenant whose integration this is (two tenants may apply one name); absent: `default`. */
  tenant?: string;
  /** The applied Integration spec (endpoint, auth with secret *references*, TLS floor). */
  spec: Record<string, unknown>;
  /** The operation as the applied contract describes it: method, path, parameters, request body. */
  operation: OperationSpec;
  /** The rendered `with` mapping sorted into path, query, header parameters and body. */
  input: OperationInput;
}

/**
 * What one call did. Never a thrown error: a caller reports every failure here. `status` is the vendor's
 * HTTP status, or null when no answer came (network, timeout, refused by the egress guard, a secret
 * that could not be resolved).
 */
export interface ActionCallResult {
  status: number | null;
  /** The parsed answer (2xx), for `emit`. */
  body?: unknown;
  retryAfter?: string;
  error?: string;
  /** The call can never succeed as configured (egress refused, insecure URL, bad request shape): no retry. */
  permanent?: boolean;
  latencyMs: number;
}

/**
 * The seam through which every action reaches its vendor. The runtime's default runs the adapter
 * runtime's transport in process (adapter-caller.ts); an isolating implementation can run each
 * integration's calls in its own worker behind the same interface.
 */
export interface ActionCaller {
  callOperation(request: ActionCallRequest): Promise<ActionCallResult>;
  /** Drops what the caller holds for an integration (its spec changed). */
  forget?(integration: string): void;
  close?(): Promise<void>;
}
