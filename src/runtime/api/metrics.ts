import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

let processRegistry: Registry | undefined;

/**
 * Process figures (CPU, memory, event loop lag, GC) are per process, not per runtime: collected once in
 * one registry every runtime in the process renders, so tests that start many runtimes add no observers.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: 'interlock_' });
  }
  return processRegistry;
}

/** The runtime's Prometheus metrics (prom-client), one registry per runtime, served at `GET /metrics`. */
export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: 'interlock_http_requests_total', help: 'Admin API requests by operation and status.', labelNames: ['operation', 'status'], registers: [this.registry] });
  readonly duration = new Histogram({ name: 'interlock_http_request_duration_seconds', help: 'Admin API request latency by operation.', labelNames: ['operation'], buckets: DURATION_BUCKETS, registers: [this.registry] });
  readonly applies = new Counter({ name: 'interlock_apply_total', help: 'Apply batches by outcome (applied, conflict, invalid).', labelNames: ['outcome'], registers: [this.registry] });
  readonly appliedChanges = new Counter({ name: 'interlock_apply_changes_total', help: 'Resource changes applied, by action.', labelNames: ['action'], registers: [this.registry] });
  readonly deliveryAttempts = new Counter({ name: 'interlock_delivery_attempts_total', help: 'Webhook delivery attempts by integration and result (ok, http_error, error).', labelNames: ['integration', 'result'], registers: [this.registry] });
  readonly deliveryLatency = new Histogram({ name: 'interlock_delivery_attempt_duration_seconds', help: 'Webhook delivery attempt latency by integration.', labelNames: ['integration'], buckets: DURATION_BUCKETS, registers: [this.registry] });
  readonly calls = new Counter({ name: 'interlock_calls_total', help: 'Calls the runtime makes to vendor APIs (alert routes, heartbeats) by integration, operation and result.', labelNames: ['integration', 'operation', 'result'], registers: [this.registry] });
  readonly trustScore = new Gauge({ name: 'interlock_trust_score', help: 'The latest trust score (0-100) of each connector.', labelNames: ['integration'], registers: [this.registry] });
  readonly openAlerts = new Gauge({ name: 'interlock_alerts_open', help: 'Open alerts by severity.', labelNames: ['severity'], registers: [this.registry] });

  /** A value read when Prometheus scrapes (state revision, queue depth). */
  gauge(name: string, help: string, read: () => Promise<number>): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        this.set(await read());
      },
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  async render(): Promise<string> {
    return (await this.registry.metrics()) + (await processMetrics().metrics());
  }
}
