import { HttpError, Transport, type OperationInput, type OperationSpec } from '../../adapter-runtime/index.js';
import { specHash } from '../../core/canonical-json.js';
import { integrationConfig } from '../actions/adapter-caller.js';
import { guardedLookup } from '../actions/egress-lookup.js';
import { checkTarget, systemResolver, type Resolver } from '../delivery/ssrf-guard.js';
import type { AddressClass } from '../delivery/address-class.js';
import { indexOperations, type OperationIndex } from '../actions/operation.js';
import type { SecretLookup } from '../delivery/secret-refs.js';

/** An applied Integration and the applied Contract it names, as the caller needs them. */
export interface CallTarget {
  integration: string;
  spec: Record<string, unknown>;
  contract: { name: string; spec: Record<string, unknown> } | null;
}

/** What a vendor answered: a status (2xx answers are reported as 200 when the transport hides it) and the body. */
export type VendorAnswer = { ok: true; status: number; body: unknown } | { ok: false; status: number | null; body: unknown; error: string };

/**
 * The seam through which erasure runs a vendor operation. The runtime's own implementation reads the
 * operation from the contract and sends it through the adapter runtime's transport; tests and the actions
 * feature can put another behind it.
 */
export interface OperationCaller {
  call(target: CallTarget, operationId: string, mapping: (op: OperationSpec) => OperationInput, opts: { idempotencyKey: string }): Promise<VendorAnswer & { method: string; path: string }>;
  close(): void;
}

export interface TransportCallerOptions {
  secrets: SecretLookup;
  /** The contract's API description (the runtime reads it from the workspace). */
  contractDocument(contract: string, spec: Record<string, unknown>): Promise<unknown>;
  timeoutMs?: number;
  /** Address classes the egress guard lets through for every integration (the runtime's configuration, as for actions). */
  allowAddresses?: readonly AddressClass[];
  resolve?: Resolver;
}

/**
 * The operations of an API description, read through the contract model as the action runner reads them
 * (OpenAPI 2.0/3.x normalised, `$ref`s resolved); once per document object, not once per call.
 */
const operationIndexes = new WeakMap<object, OperationIndex | null>();
function operationOf(document: unknown, operationId: string): OperationSpec | undefined {
  if (document === null || typeof document !== 'object') return undefined;
  let index = operationIndexes.get(document);
  if (index === undefined) operationIndexes.set(document, (index = indexOperations(document) ?? null));
  return index?.get(operationId);
}

/**
 * Calls vendor operations through the adapter runtime's transport (auth, TLS floor, client certificate), one
 * transport per applied spec, configured from the spec as actions configure theirs.
 */
export function transportCaller(opts: TransportCallerOptions): OperationCaller {
  const transports = new Map<string, { hash: string; transport: Transport }>();
  const resolve = async (ref: string): Promise<string> => {
    const value = await opts.secrets(ref);
    if (!value) throw new Error(`secret ${ref} has no value`);
    return value;
  };
  const transportOf = (target: CallTarget): Transport => {
    const hash = specHash(target.spec);
    const known = transports.get(target.integration);
    if (known && known.hash === hash) return known.transport;
    known?.transport.close();
    // No retries inside the transport: the erasure step retries on its own durable schedule. Every connection
    // resolves its host through the egress guard, as action calls do.
    const config = integrationConfig(target.integration, target.spec);
    const lookup = guardedLookup({ localTesting: config.localTesting, allow: opts.allowAddresses ?? [] }, opts.resolve ?? systemResolver);
    const transport = new Transport(config, { secrets: resolve, retry: { retries: 0 }, lookup, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) }, {});
    transports.set(target.integration, { hash, transport });
    return transport;
  };
  return {
    async call(target, operationId, mapping, { idempotencyKey }) {
      const document = target.contract ? await opts.contractDocument(target.contract.name, target.contract.spec) : undefined;
      const op = operationOf(document, operationId);
      if (!op) return { ok: false, status: null, body: null, error: `operation ${operationId} is not in the contract ${target.contract?.name ?? '(none applied)'}`, method: '', path: '' };
      const base = { method: op.method, path: op.path };
      // Address literals never reach the lookup: the guard judges the endpoint (and token URL) up front too.
      const config = integrationConfig(target.integration, target.spec);
      const policy = { localTesting: config.localTesting, allow: opts.allowAddresses ?? [] };
      for (const url of [config.baseUrl, config.auth.type === 'oauth2' ? config.auth.tokenUrl : undefined]) {
        if (url === undefined) continue;
        const check = await checkTarget(url, policy, opts.resolve ?? systemResolver);
        if (!check.ok) return { ok: false, status: null, body: null, error: `refused by the egress guard: ${check.detail}`, ...base };
      }
      let input: OperationInput;
      try {
        input = mapping(op);
      } catch (error) {
        return { ok: false, status: null, body: null, error: `request mapping: ${(error as Error).message}`, ...base };
      }
      try {
        const body = await transportOf(target).call(op, input, { headers: { 'idempotency-key': idempotencyKey } });
        return { ok: true, status: 200, body: body ?? null, ...base };
      } catch (error) {
        if (error instanceof HttpError) return { ok: false, status: error.status, body: error.body ?? null, error: error.message, ...base };
        return { ok: false, status: null, body: null, error: (error as Error).message.replace(/\s+/g, ' ').slice(0, 300), ...base };
      }
    },
    close() {
      for (const { transport } of transports.values()) transport.close();
      transports.clear();
    },
  };
}
