import type { IncomingHttpHeaders } from 'node:http';
import type { AccessControl, Permission } from '../access/enforcer.js';
import type { ConnectorHealth } from '../connectors/health.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { DeliveryService } from '../delivery/service.js';
import type { EvidenceService } from '../evidence/service.js';
import type { ActionService } from '../actions/service.js';
import type { ExportService } from '../exports/service.js';
import type { ErasureService } from '../privacy/service.js';
import type { StreamPublisher } from '../streams/publisher.js';
import type { Actor, AuditInput } from '../model.js';
import type { RuntimeLog } from '../log.js';
import type { MutationContext, Store } from '../store/store.js';
import type { Backpressure } from './backpressure.js';
import type { Metrics } from './metrics.js';
import type { Monitor } from '../monitor/monitor.js';
import type { VendorSpecWatcher } from '../monitor/vendor-spec/vendor-spec-watcher.js';
import type { OpenApiDocument } from './openapi-document.js';
import type { ApiVersion } from './api-version.js';
import type { ApprovalService } from '../approvals/service.js';
import type { ResidencyGuard } from './residency.js';

/** Everything a route may use; features add their own services here (event bus, delivery workers). */
export interface RuntimeServices {
  store: Store;
  access: AccessControl;
  metrics: Metrics;
  document: OpenApiDocument;
  /** Injected so tests control time (lease expiry, audit timestamps). */
  clock: () => Date;
  /** Structured log lines (pino in a running runtime). */
  log: RuntimeLog;
  /** Why integrations cannot run (unresolvable secrets, crashed connector workers, …). */
  health: ConnectorHealth;
  /** Scheduled jobs; absent when the runtime runs without a scheduler. */
  scheduler?: Scheduler;
  /** Event delivery (outbox, workers, inbound hooks); absent when the runtime runs without it. */
  delivery?: DeliveryService;
  /** Runtime actions held for an approval (decided from Slack); absent without delivery. */
  approvals?: ApprovalService;
  /** Integrations' actions (queued calls, call log); absent when the runtime runs without them. */
  actions?: ActionService;
  /** Exports (Parquet/CSV/NDJSON files to S3 or a folder); absent when the runtime runs without them. */
  exports?: ExportService;
  /** Stream sinks (NATS JetStream, Redis Streams, RabbitMQ); absent when the runtime runs without them. */
  streams?: StreamPublisher;
  /** Refuses event intake (503) while the outbox backlog is past its bound; absent: no bound. */
  intake?: Backpressure;
  /** Evidence intake (signed by probe keys); absent when the runtime runs without it. */
  evidence?: EvidenceService;
  /** Data-subject erasure requests and their connector steps; absent when the runtime runs without them. */
  erasure?: ErasureService;
  /** Trust scores and alerts; absent when the runtime runs without a monitor. */
  monitor?: Monitor;
  /** Vendor spec drift checks; absent when the runtime runs without a monitor. */
  vendorSpecs?: VendorSpecWatcher;
  /** Tenants' region pins against this runtime's region; absent: residency is not enforced (unit tests). */
  residency?: ResidencyGuard;
  /** Writes the batched entries of reads answered so far (set by the admin handler). */
  flushReadAudit?(): Promise<void>;
}

export interface RequestContext {
  method: string;
  /** The `x-request-id` echoed in the answer and written in the request's log line. */
  requestId: string;
  path: string;
  /** The API version this request is served in (`Interlock-Version`, see api-version.ts). */
  apiVersion: ApiVersion;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The exact bytes received (signature checks need them). */
  rawBody: Buffer;
  /** The parsed JSON body, already validated when the operation declares a request schema. */
  body: unknown;
  actor: Actor;
  /** `role:tokenId` (or `anonymous`), as recorded in history and audit. */
  actorName: string;
  /**
   * The tenant the request runs in (see request-tenant.ts), set once authenticated; null on public routes.
   * The store already confines the route's statements to it: routes need not filter by it.
   */
  tenant: string | null;
  now: Date;
  services: RuntimeServices;
  /** The audit entry for this call, with extra data; mutations commit it with their change. */
  audit(data?: Record<string, unknown>): AuditInput;
  mutation(): MutationContext;
}

export interface RouteResponse {
  status: number;
  /** Sent as JSON unless `text` is given. */
  body?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Set when the store already appended this call's audit entry in the same transaction as its change. */
  audited?: boolean;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** OpenAPI path template, e.g. `/v1/resources/{kind}/{name}`. */
  path: string;
  /** The operationId in the admin OpenAPI document: names the body schema, metrics and audit action. */
  operationId: string;
  /** `bearer` routes need a token whose role has `permission`; `public` ones are open and not audited. */
  auth: 'bearer' | 'public';
  permission?: Permission;
  /**
   * `sync`: even a successful GET is audited in the request path (reading the audit log itself). Other
   * successful GETs are audited in batches (see `ReadAuditBatcher`).
   */
  readAudit?: 'sync';
  /** What the audit entry names as target (default: the request path). */
  target?(ctx: RequestContext): string | null;
  handle(ctx: RequestContext): Promise<RouteResponse>;
}
