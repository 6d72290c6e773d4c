import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';
import { Metrics } from '../api/metrics.js';
import type { LogEntry } from '../log.js';
import { attemptTelemetry } from './attempt-telemetry.js';

describe('request logs and prom-client metrics', () => {
  let t: TestRuntime;
  const logs: LogEntry[] = [];
  beforeAll(async () => {
    t = await startTestRuntime('embedded', { log: (e) => logs.push(e), delivery: false });
  });
  afterAll(async () => t?.dispose());

  it('logs each request with its id, operation, status and actor, and echoes the id', async () => {
    const res = await t.fetch('/v1/state', { role: 'auditor', headers: { 'x-request-id': 'req-42' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('req-42');
    const line = logs.find((l) => l.reqId === 'req-42');
    expect(line).toMatchObject({ level: 'info', msg: 'request', operation: 'getState', status: 200, method: 'GET', path: '/v1/state' });
    expect(line?.actor).toMatch(/^auditor:/);
    expect(JSON.stringify(logs)).not.toContain(t.tokens.auditor);

    const fresh = await t.fetch('/v1/state', { role: null, headers: { 'x-request-id': 'not a valid id!' } });
    expect(fresh.status).toBe(401);
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(logs.find((l) => l.reqId === fresh.headers.get('x-request-id'))).toMatchObject({ status: 401, actor: 'anonymous' });
  });

  it('serves default process metrics beside the runtime figures', async () => {
    const text = await (await t.fetch('/metrics', { role: null })).text();
    expect(text).toMatch(/^interlock_process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^interlock_nodejs_heap_size_used_bytes \d/m);
    expect(text).toMatch(/interlock_http_requests_total\{operation="getState",status="200"\} \d+/);
    expect(text).toMatch(/^interlock_state_revision 0$/m);
  });
});

describe('delivery attempt telemetry', () => {
  const job = { id: 'dlv_1', eventId: 'evt_1', integration: 'acme-crm', variant: 'stable' as const, target: { url: 'http://127.0.0.1:1/x', secret: 'env:S', localTesting: false, timeoutMs: 1000, concurrency: 1 }, body: '{}', generation: 0, attempt: 2, createdAt: '2026-11-01T00:00:00.000Z' };

  it('counts attempts by result and logs a failure at error level without the body or secret', async () => {
    const metrics = new Metrics();
    const logs: LogEntry[] = [];
    const observe = attemptTelemetry(metrics, (e) => logs.push(e));
    observe(job, { status: 200, latencyMs: 12, startedAt: new Date() });
    observe(job, { status: 503, latencyMs: 40, startedAt: new Date() });
    observe(job, { status: null, error: 'secret env:S does not resolve', latencyMs: 0, startedAt: new Date() });
    const text = await metrics.render();
    expect(text).toContain('interlock_delivery_attempts_total{integration="acme-crm",result="ok"} 1');
    expect(text).toContain('interlock_delivery_attempts_total{integration="acme-crm",result="http_error"} 1');
    expect(text).toContain('interlock_delivery_attempts_total{integration="acme-crm",result="error"} 1');
    expect(text).toContain('interlock_delivery_attempt_duration_seconds_count{integration="acme-crm"} 3');
    expect(logs.map((l) => [l.level, l.deliveryId, l.status])).toEqual([
      ['error', 'dlv_1', 503],
      ['error', 'dlv_1', null],
    ]);
    expect(logs[1]).toMatchObject({ integration: 'acme-crm', attempt: 2, error: 'secret env:S does not resolve' });
  });
});
