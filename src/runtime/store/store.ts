import path from 'node:path';
import type {
  ApplyRequest,
  ApplyResult,
  AuditEntry,
  AuditInput,
  AuditPage,
  HistoryEntry,
  Lease,
  PutResourceInput,
  ResourceRecord,
  StateSnapshot,
} from '../model.js';
import { applyBatch, type MutationContext } from './apply-batch.js';
import { appendAudit, appendAuditBatch, readAudit, readAuditHead, type TenantAuditInput } from './audit-log.js';
import type { Database, Engine, Queryable } from './database.js';
import { acquireLease, releaseLease, renewLease } from './lease.js';
import { localKeyring } from './keyring.js';
import { migrate } from './migrate.js';
import type { PgliteTemplateCache } from './pglite-template.js';
import { envelopeCipher, type Keyring } from './payload-cipher.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';
import { putResource, releaseResource } from './resource-edits.js';
import { readHistory, readResource, readRevision, readState, readStateJson, type StateJsonCache } from './state-queries.js';
import type { CreatedToken, TokenView } from '../../core/token-api.js';
import { TokenCache, type FoundToken } from './token-cache.js';
import { createToken, listTokens, revokeToken, rotateToken, type NewTokenOptions, type RotateOptions } from './tokens.js';

export type { MutationContext } from './apply-batch.js';
export type { TenantAuditInput } from './audit-log.js';

/**
 * The runtime's durable state, the same behaviour on both engines. Every mutation takes the audit entry
 * that records it and commits both in one transaction. `db` is exposed for features that add their own
 * tables through migrations (event outbox, deliveries).
 */
export interface Store {
  readonly engine: Engine;
  readonly db: Database;
  state(filter?: { kind?: string }): Promise<StateSnapshot>;
  /** The same snapshot as JSON text, built by the database (the API serves it as is). */
  stateJson(filter?: { kind?: string }): Promise<string>;
  revision(): Promise<number>;
  resource(kind: string, name: string): Promise<ResourceRecord | null>;
  history(kind: string, name: string): Promise<HistoryEntry[] | null>;
  apply(request: ApplyRequest, ctx: MutationContext, audit: AuditInput): Promise<ApplyResult>;
  putResource(kind: string, name: string, input: PutResourceInput, ctx: MutationContext, audit: AuditInput): Promise<ResourceRecord>;
  releaseResource(kind: string, name: string, ctx: MutationContext, audit: AuditInput): Promise<ResourceRecord>;
  acquireLease(holder: string, ttlSeconds: number, ctx: MutationContext, audit: AuditInput): Promise<Lease>;
  renewLease(token: number, ttlSeconds: number, ctx: MutationContext, audit: AuditInput): Promise<Lease>;
  releaseLease(token: number, ctx: MutationContext, audit: AuditInput): Promise<void>;
  appendAudit(input: TenantAuditInput, now: Date): Promise<AuditEntry>;
  /** Several entries in one transaction (summaries of refused calls). */
  appendAudits(inputs: readonly TenantAuditInput[], now: Date): Promise<AuditEntry[]>;
  audit(after: number, limit: number): Promise<AuditPage>;
  /** Null when the head row is missing (the audit tables were emptied): `verifyAuditChain` reports it. */
  auditHead(): Promise<{ seq: number; hash: string } | null>;
  /** A new bearer token (the secret is returned once; only its hash is stored), audited with `audit` when given. */
  createToken(role: string, now: Date, opts?: NewTokenOptions, audit?: AuditInput): Promise<CreatedToken>;
  listTokens(): Promise<TokenView[]>;
  /** Effective at once on this store; see `TokenCache` for other processes. */
  revokeToken(id: string, ctx: MutationContext, audit?: AuditInput): Promise<TokenView>;
  rotateToken(id: string, opts: RotateOptions, ctx: MutationContext, audit?: AuditInput): Promise<CreatedToken>;
  /** A token that exists, is not revoked and has not expired at `now`; records its last use (at most once a minute). */
  findToken(token: string, now?: Date): Promise<FoundToken | null>;
  /** A token verified recently (in memory only); null when it would need a database lookup. */
  findCachedToken(token: string, now?: Date): FoundToken | null;
  /** Resolves when the engine answers a query (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type StoreLocation = { dataDir: string } | { databaseUrl: string };

export interface OpenStoreOptions {
  /** Defaults to every migration the runtime ships. */
  migrations?: readonly Migration[];
  /**
   * The embedded engine copies a cached, migrated data directory instead of running initdb (see
   * pglite-template.ts); false turns it off, a cache object replaces the per-machine one.
   */
  template?: false | PgliteTemplateCache;
  /**
   * The KEKs payload columns are sealed under. Default: the embedded store's local key file
   * (`<dataDir>/kek.key`, created on first open); PostgreSQL without keys stores payloads as plaintext.
   * `false`: plaintext on either engine.
   */
  keys?: Keyring | false;
}

/** Opens the embedded store (a data directory) or PostgreSQL (a URL) and brings its schema up to date. */
export async function openStore(location: StoreLocation, opts: OpenStoreOptions = {}): Promise<Store> {
  const migrations = opts.migrations ?? MIGRATIONS;
  if ('databaseUrl' in location) {
    const db = await (await import('./pg-database.js')).openPgDatabase(location.databaseUrl);
    if (opts.keys) db.payloads = envelopeCipher(opts.keys);
    await migrateOrClose(db, migrations);
    return storeOn(db);
  }
  const template = opts.template === false ? undefined : (opts.template ?? (await import('./pglite-template.js')).pgliteTemplateCache(migrations));
  const opened = await (await import('./pglite-database.js')).openPgliteDatabase(path.join(location.dataDir, 'pg'), { template });
  const keys = opts.keys ?? localKeyring(location.dataDir);
  if (keys) opened.database.payloads = envelopeCipher(keys);
  await migrateOrClose(opened.database, migrations);
  // The first fresh store on this machine leaves its migrated directory behind for the next one.
  if (template && opened.dump) await template.write(await opened.dump());
  return storeOn(opened.database);
}

async function migrateOrClose(db: Database, migrations: readonly Migration[]): Promise<void> {
  try {
    await migrate(db, migrations);
  } catch (error) {
    await db.close();
    throw error;
  }
}

export function storeOn(db: Database): Store {
  const stateCache: StateJsonCache = new Map();
  const tokens = new TokenCache(db);
  const inTx = <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => db.transaction(fn);
  return {
    engine: db.engine,
    db,
    state: (filter) => readState(db, filter?.kind),
    stateJson: (filter) => readStateJson(db, filter?.kind, stateCache),
    revision: () => readRevision(db),
    resource: (kind, name) => readResource(db, kind, name),
    history: (kind, name) => readHistory(db, kind, name),
    apply: (request, ctx, audit) => inTx((tx) => applyBatch(tx, request, ctx, audit)),
    putResource: (kind, name, input, ctx, audit) => inTx((tx) => putResource(tx, kind, name, input, ctx, audit)),
    releaseResource: (kind, name, ctx, audit) => inTx((tx) => releaseResource(tx, kind, name, ctx, audit)),
    acquireLease: (holder, ttl, ctx, audit) =>
      inTx(async (tx) => {
        const lease = await acquireLease(tx, holder, ttl, ctx.now);
        await appendAudit(tx, { ...audit, data: { ...audit.data, token: lease.token, expiresAt: lease.expiresAt } }, ctx.now);
        return lease;
      }),
    renewLease: (token, ttl, ctx, audit) =>
      inTx(async (tx) => {
        const lease = await renewLease(tx, token, ttl, ctx.now);
        await appendAudit(tx, { ...audit, data: { ...audit.data, token, expiresAt: lease.expiresAt } }, ctx.now);
        return lease;
      }),
    releaseLease: (token, ctx, audit) =>
      inTx(async (tx) => {
        await releaseLease(tx, token);
        await appendAudit(tx, { ...audit, data: { ...audit.data, token } }, ctx.now);
      }),
    appendAudit: (input, now) => inTx((tx) => appendAudit(tx, input, now)),
    appendAudits: (inputs, now) => inTx((tx) => appendAuditBatch(tx, inputs, now)),
    audit: (after, limit) => readAudit(db, after, limit),
    auditHead: () => readAuditHead(db),
    createToken: (role, now, opts, audit) => inTx((tx) => createToken(tx, role, now, opts, audit)),
    listTokens: () => listTokens(db),
    revokeToken: async (id, ctx, audit) => {
      const revoked = await inTx((tx) => revokeToken(tx, id, ctx, audit));
      tokens.forget(id);
      return revoked;
    },
    rotateToken: async (id, opts, ctx, audit) => {
      const created = await inTx((tx) => rotateToken(tx, id, opts, ctx, audit));
      tokens.forget(id);
      return created;
    },
    findToken: (token, now) => tokens.find(token, now?.getTime()),
    findCachedToken: (token, now) => tokens.peek(token, now?.getTime()),
    ping: async () => void (await db.query('SELECT 1')),
    close: async () => {
      await tokens.settle();
      await db.close();
    },
  };
}
