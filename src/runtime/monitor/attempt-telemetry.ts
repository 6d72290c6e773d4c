import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Metrics } from '../api/metrics.js';
import type { AttemptReport } from '../delivery/attempt.js';
import type { DeliveryJob } from '../delivery/model.js';
import type { RuntimeLog } from '../log.js';

const tracer = trace.getTracer('interlock-runtime');

/** `ok` (2xx), `http_error` (an HTTP answer outside 2xx) or `error` (no answer: refused, timed out, secret unresolvable). */
export function attemptResult(report: Pick<AttemptReport, 'status' | 'error'>): 'ok' | 'http_error' | 'error' {
  if (report.status === null) return 'error';
  return report.status >= 200 && report.status < 300 ? 'ok' : 'http_error';
}

/**
 * Every delivery attempt becomes a metric sample, an OpenTelemetry span (a no-op unless an SDK is
 * registered) and, when it failed, an error log line naming the integration and delivery — never the
 * target's secret or the body.
 */
export function attemptTelemetry(metrics: Metrics, log: RuntimeLog): (job: DeliveryJob, report: AttemptReport) => void {
  return (job, report) => {
    const result = attemptResult(report);
    metrics.deliveryAttempts.inc({ integration: job.integration, result });
    metrics.deliveryLatency.observe({ integration: job.integration }, report.latencyMs / 1000);
    const span = tracer.startSpan('delivery.attempt', {
      startTime: report.startedAt,
      attributes: { 'interlock.integration': job.integration, 'interlock.delivery_id': job.id, 'interlock.attempt': job.attempt, ...(report.status !== null ? { 'http.response.status_code': report.status } : {}) },
    });
    if (result !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR, message: report.error ?? `HTTP ${report.status}` });
    span.end(new Date(report.startedAt.getTime() + report.latencyMs));
    if (result === 'ok') return;
    log({
      level: 'error',
      msg: `delivery ${job.id} to ${job.integration} failed: ${report.error ?? `HTTP ${report.status}`}`,
      integration: job.integration,
      deliveryId: job.id,
      eventId: job.eventId,
      attempt: job.attempt,
      status: report.status,
      error: report.error ?? null,
    });
  };
}
