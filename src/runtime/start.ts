import path from 'node:path';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { loadAccessControl } from './access/enforcer.js';
import { Metrics } from './api/metrics.js';
import { adminOpenApiDocument } from './api/openapi-document.js';
import type { Route, RuntimeServices } from './api/route.js';
import { ROUTES } from './api/routes/index.js';
import type { FailedAuthLimits } from './api/failed-auth-limiter.js';
import { createAdminHandler, type AdminHandler } from './api/server.js';
import { answerClientError } from './api/client-error.js';
import { DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_MAX_BODY_BYTES, type RuntimeConfig } from './config.js';
import { retentionJobKind } from './retention/purge.js';
import { vacuumJobKind } from './store/vacuum.js';
import { historyJobKind } from './retention/history.js';
import { keyringFromRefs } from './store/keyring.js';
import { rewrapJobKind } from './store/payload-rewrap.js';
import { openStore, type Store } from './store/store.js';
import { ConnectorHealth } from './connectors/health.js';
import type { RuntimeLog } from './log.js';
import { scheduledEventKind } from './scheduler/scheduled-event.js';
import { Scheduler, type SchedulerOptions } from './scheduler/scheduler.js';
import { toNumber } from './store/rows.js';
import { attemptTelemetry } from './monitor/attempt-telemetry.js';
import { monitorJobKind } from './monitor/job-kind.js';
import { monthlyReportJobKind } from './monitor/monthly-report-job.js';
import { Monitor } from './monitor/monitor.js';
import { workspaceContracts } from './monitor/vendor-spec/committed-contracts.js';
import { vendorSpecJobKind } from './monitor/vendor-spec/job-kind.js';
import { VendorSpecWatcher } from './monitor/vendor-spec/vendor-spec-watcher.js';
import { startDelivery, type DeliveryServiceOptions } from './delivery/service.js';
import { ApprovalService, type ApprovalOptions } from './approvals/service.js';
import { startActions, type ActionServiceOptions } from './actions/service.js';
import { IsolatedActionCaller } from './isolation/isolated-action-caller.js';
import { configSecretResolver, type SecretLookup } from './delivery/secret-refs.js';
import { tlsServerOptions } from './tls.js';
import { exportJobKind } from './exports/job-kind.js';
import { exportService, type ExportServiceOptions } from './exports/service.js';
import { StreamPublisher, type StreamPublisherOptions } from './streams/publisher.js';
import { EvidenceService, type EvidenceServiceOptions } from './evidence/service.js';
import { erasureService, type ErasureServiceOptions } from './privacy/service.js';
import { transportCaller } from './privacy/vendor-caller.js';
import { Backpressure, DEFAULT_MAX_OUTBOX_BACKLOG, OUTBOX_BACKLOG_SQL } from './api/backpressure.js';
import { ResidencyGuard } from './api/residency.js';

export interface StartRuntimeOptions extends Partial<RuntimeConfig> {
  /** An already open store (tests); otherwise one is opened from `databaseUrl` or `dataDir`. */
  store?: Store;
  clock?: () => Date;
  /** Extra routes (features under development, tests). */
  routes?: readonly Route[];
  onError?(error: unknown): void;
  /** Failed authentication allowed per client before it is refused (429); defaults in api/failed-auth-limiter.ts. */
  failedAuthLimits?: FailedAuthLimits;
  /** How long refused authentication is tallied per client before one audit entry sums it up (default 60 s). */
  refusalWindowMs?: number;
  /** Resolves the TLS references (default: the delivery's resolver, else `env:` of no environment and `file:`). */
  secrets?: SecretLookup;
  /** Structured log lines (the CLI writes them to stderr as JSON). */
  log?: RuntimeLog;
  /** Scheduled jobs: extra job kinds and lease settings; `false` runs no scheduler. */
  scheduler?: Omit<SchedulerOptions, 'db' | 'integrations' | 'revision' | 'clock' | 'log' | 'onError'> | false;
  /** Where approvals are posted in Slack (default: the applied Slack-signed integration and its channel). */
  approvals?: ApprovalOptions;
  /** Event delivery options (bus, retry schedule, secrets); `false` runs without delivery workers or event routes. */
  delivery?: Omit<DeliveryServiceOptions, 'store'> | false;
  /** Action options (the caller seam, workers); `false` queues and runs no actions. Needs delivery. */
  actions?: ActionServiceOptions | false;
  /** Export options (retry delays, secrets, base directory); `false` runs without exports. */
  exports?: Partial<Omit<ExportServiceOptions, 'store'>> | false;
  /** Trust scores and alerts on a `monitor` job every minute, vendor spec drift on a `vendor-spec` job hourly (default true); `false` runs neither. */
  monitor?: boolean;
  /** Where the `monthly-report` job writes last month's summary as Markdown and HTML (default `<dataDir>/reports`). */
  reportsDir?: string;
  /** Stream publisher options (poll, settle, retry delays, secrets); `false` publishes to no stream. */
  streams?: Partial<Omit<StreamPublisherOptions, 'store'>> | false;
  /** Evidence intake options (replay window, secrets for HMAC probe keys); `false` runs without evidence intake. */
  evidence?: Partial<Omit<EvidenceServiceOptions, 'db'>> | false;
  /** Erasure options (caller, retry schedule, poll interval); `false` runs without erasure. */
  erasure?: Partial<Omit<ErasureServiceOptions, 'store'>> | false;
}

export interface RunningRuntime {
  /** e.g. http://127.0.0.1:7300 */
  url: string;
  port: number;
  store: Store;
  services: RuntimeServices;
  /** Writes the audit summaries of refused authentication whose window has closed (all with `all`). */
  flushRefusals(all?: boolean): Promise<number>;
  /** Writes the batched audit entries of the reads answered so far. */
  flushReadAudit(): Promise<void>;
  /** Stops accepting, waits for requests in flight, closes the store. */
  close(): Promise<void>;
}

/** Starts the runtime: opens (and migrates) the store, loads the access policy, serves the admin API. */
export async function startRuntime(options: StartRuntimeOptions = {}): Promise<RunningRuntime> {
  const keys = options.keys ? await keyringFromRefs(options.keys, options.secrets ?? (options.delivery ? options.delivery.config?.secrets : undefined) ?? configSecretResolver({})) : undefined;
  const store =
    options.store ??
    (await openStore(options.databaseUrl ? { databaseUrl: options.databaseUrl } : { dataDir: options.dataDir ?? DEFAULT_DATA_DIR }, keys ? { keys } : {}));
  const ownsStore = !options.store;
  let server: Server | undefined;
  let delivery: { close(): Promise<void> } | undefined;
  let actions: { close(): Promise<void> } | undefined;
  let adminHandler: AdminHandler | undefined;
  let scheduler: { close(): Promise<void> } | undefined;
  let streams: StreamPublisher | undefined;
  let erasure: { close(): Promise<void> } | undefined;
  try {
    const metrics = new Metrics();
    const log: RuntimeLog = options.log ?? (() => undefined);
    const services: RuntimeServices = {
      log,
      store,
      access: await loadAccessControl(options.workspace ?? process.cwd()),
      metrics,
      document: adminOpenApiDocument(),
      clock: options.clock ?? (() => new Date()),
      health: new ConnectorHealth(options.log, options.clock),
    };
    const clock = services.clock;
    services.residency = new ResidencyGuard(store.db, options.region ?? null, () => clock().getTime());
    metrics.gauge('interlock_state_revision', 'The applied state revision.', () => store.revision());
    if (options.delivery !== false) {
      const observe = attemptTelemetry(metrics, log);
      const given = options.delivery?.onAttempt;
      services.delivery = delivery = await startDelivery({
        clock: services.clock,
        onError: options.onError,
        log: options.log,
        health: services.health,
        workerDatabaseUrl: options.databaseUrl,
        ...options.delivery,
        onAttempt: (job, report) => {
          observe(job, report);
          given?.(job, report);
        },
        store,
      });
    }
    if (services.delivery && options.actions !== false) {
      // With isolation, action calls run in each integration's worker like its webhook POSTs.
      const isolation = services.delivery.isolation;
      const caller = isolation ? new IsolatedActionCaller(isolation, services.delivery.config.allowAddresses) : undefined;
      services.actions = actions = startActions(services.delivery, { clock: services.clock, health: services.health, ...(options.log ? { log: options.log } : {}), ...(options.onError ? { onError: options.onError } : {}), ...(caller ? { caller } : {}), ...options.actions });
    }
    if (services.delivery) {
      services.approvals = new ApprovalService({ delivery: services.delivery, access: services.access, clock: services.clock, ...(options.log ? { log: options.log } : {}), ...(options.approvals ? { options: options.approvals } : {}) });
    }
    if (options.exports !== false) {
      services.exports = exportService({
        secrets: (options.delivery && options.delivery.config?.secrets) || configSecretResolver({}),
        workspaceDir: options.workspace ?? process.cwd(),
        clock: services.clock,
        ...options.exports,
        store,
      });
    }
    if (options.streams !== false) {
      services.streams = streams = new StreamPublisher({
        secrets: (options.delivery && options.delivery.config?.secrets) || configSecretResolver({}),
        clock: services.clock,
        ...(options.log ? { log: options.log } : {}),
        ...options.streams,
        store,
      });
      services.streams.start();
    }
    if (options.evidence !== false) {
      services.evidence = new EvidenceService({
        secrets: options.secrets ?? (options.delivery ? options.delivery.config?.secrets : undefined) ?? configSecretResolver({}),
        ...options.evidence,
        db: store.db,
      });
    }
    if (options.erasure !== false) {
      const given = options.delivery ? options.delivery.contractDocument : undefined;
      // Loading the workspace's contracts costs a parse of every file: only when a step first needs one.
      let fromWorkspace: ((c: string, spec: Record<string, unknown>) => Promise<unknown>) | undefined;
      const workspace = options.workspace ?? process.cwd();
      const contractDocument = async (c: string, spec: Record<string, unknown>) => {
        if (given) return given(c, spec);
        fromWorkspace ??= (await import('./delivery/config.js')).workspaceContractDocuments(workspace);
        return fromWorkspace(c, spec);
      };
      services.erasure = erasure = erasureService({
        caller: transportCaller({
          secrets: (options.delivery && options.delivery.config?.secrets) || configSecretResolver({}),
          contractDocument,
          ...(options.delivery && options.delivery.config?.allowAddresses ? { allowAddresses: options.delivery.config.allowAddresses } : {}),
        }),
        clock: services.clock,
        ...(options.log ? { log: options.log } : {}),
        ...(options.onError ? { onError: options.onError } : {}),
        ...options.erasure,
        store,
      });
      services.erasure.start();
    }
    if (options.monitor !== false) {
      services.monitor = new Monitor({
        store,
        health: services.health,
        metrics,
        secrets: (options.delivery && options.delivery.config?.secrets) || configSecretResolver({}),
        ...(services.delivery ? { allowAddresses: services.delivery.config.allowAddresses } : {}),
        log,
      });
      services.vendorSpecs = new VendorSpecWatcher({
        store,
        committed: workspaceContracts(options.workspace ?? process.cwd()),
        ...(options.github ? { github: options.github } : {}),
        ...(services.delivery ? { allowAddresses: services.delivery.config.allowAddresses } : {}),
        log,
      });
    }
    if (options.backpressure !== false && services.delivery) {
      services.intake = new Backpressure(
        options.backpressure ?? { maxBacklog: DEFAULT_MAX_OUTBOX_BACKLOG },
        async () => toNumber((await store.db.query<{ n: unknown }>(OUTBOX_BACKLOG_SQL))[0].n),
        () => services.clock().getTime(),
      );
    }
    if (options.scheduler !== false) {
      const jobs = (scheduler = services.scheduler = new Scheduler({
        ...options.scheduler,
        db: store.db,
        clock: services.clock,
        ...(options.log ? { log: options.log } : {}),
        ...(options.onError ? { onError: options.onError } : {}),
        revision: async () => toNumber((await store.db.query<{ revision: unknown }>('SELECT revision FROM runtime_state WHERE id = 1'))[0].revision),
        integrations: async () => {
          const state = await store.state();
          return { revision: state.revision, integrations: state.resources.filter((r) => r.kind === 'Integration').map((r) => ({ name: r.name, spec: r.spec })) };
        },
      }));
      if (services.delivery) jobs.register(scheduledEventKind(services.delivery, options.log));
      if (services.exports) jobs.register(exportJobKind(services.exports, store.db, options.log));
      if (services.monitor) jobs.register(monitorJobKind(services.monitor));
      if (services.vendorSpecs) jobs.register(vendorSpecJobKind(services.vendorSpecs));
      if (services.monitor) jobs.register(monthlyReportJobKind(store, options.reportsDir ?? path.join(options.dataDir ?? DEFAULT_DATA_DIR, 'reports'), options.log));
      jobs.register(rewrapJobKind(store.db));
      jobs.register(retentionJobKind(store));
      jobs.register(vacuumJobKind(store.db));
      jobs.register(historyJobKind(store.db, options.historyDays));
      await jobs.start();
    }
    const handler = createAdminHandler({
      routes: [...ROUTES, ...(options.routes ?? [])],
      services,
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      failedAuthLimits: options.failedAuthLimits,
      rateLimits: options.rateLimits,
      refusalWindowMs: options.refusalWindowMs,
      onError: options.onError,
      log,
    });
    adminHandler = handler;
    const secrets = options.secrets ?? (options.delivery ? options.delivery.config?.secrets : undefined) ?? configSecretResolver({});
    server = options.tls ? createHttpsServer(await tlsServerOptions(options.tls, secrets), handler) : createServer(handler);
    server.on('clientError', answerClientError);
    server.keepAliveTimeout = 5000;
    const s = server;
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(options.port ?? 0, options.host ?? DEFAULT_HOST, () => {
        s.off('error', reject);
        resolve();
      });
    });
    const address = s.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    let closing: Promise<void> | undefined;
    return {
      url: `${options.tls ? 'https' : 'http'}://${host}:${address.port}`,
      port: address.port,
      store,
      services,
      flushRefusals: (all) => handler.flushRefusals(all),
      flushReadAudit: () => handler.flushReadAudit(),
      close: () =>
        (closing ??= (async () => {
          await new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeIdleConnections();
          });
          await handler.close().catch((error: unknown) => options.onError?.(error));
          await services.scheduler?.close();
          await services.streams?.close();
          await services.actions?.close();
          await services.erasure?.close();
          await services.delivery?.close();
          if (ownsStore) await store.close();
        })()),
    };
  } catch (error) {
    server?.close();
    await adminHandler?.close().catch(() => undefined);
    await scheduler?.close();
    await streams?.close();
    await actions?.close();
    await erasure?.close();
    await delivery?.close();
    if (ownsStore) await store.close();
    throw error;
  }
}
