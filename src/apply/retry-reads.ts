import type { RuntimeApi } from './runtime-api.js';

/** Whether an error (or one of its causes) is a connection reset. */
function isReset(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === 'ECONNRESET') return true;
  }
  return false;
}

/**
 * Retries state reads once when the connection was reset. A kept-alive connection that the runtime closed
 * while this process was busy (loading a large workspace blocks the event loop for seconds) is reused and
 * fails without an answer; a read is safe to send again. Writes are never retried: apply's expected
 * revision makes their outcome checkable by planning again.
 */
export function withReadRetry(api: RuntimeApi): RuntimeApi {
  return {
    getState: async () => {
      try {
        return await api.getState();
      } catch (error) {
        if (!isReset(error)) throw error;
        return api.getState();
      }
    },
    apply: (request) => api.apply(request),
    acquireLease: (holder, ttl) => api.acquireLease(holder, ttl),
    renewLease: (token, ttl) => api.renewLease(token, ttl),
    releaseLease: (token) => api.releaseLease(token),
  };
}
