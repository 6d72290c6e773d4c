import type { EvidenceAccepted, EvidenceInput } from '../../core/evidence-api.js';
import type { SecretLookup } from '../delivery/secret-refs.js';
import type { AuditInput } from '../model.js';
import { RuntimeProblem } from '../problem.js';
import type { Database } from '../store/database.js';
import { assertValid } from '../api/validation.js';
import { EvidenceSchemas } from './evidence-types.js';
import { probeVerifyKey, type ProbeVerifyKey } from './probe-keys.js';
import { storeEvidence } from './records.js';
import { verifyProbeSignature, type SignedCall } from './verify-signature.js';

export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;
/** A cached key is looked up again after this long, so an HMAC secret rotated behind its reference is picked up. */
const KEY_CACHE_MS = 60_000;
/** How often a send also drops nonces older than the replay window (they can no longer be replayed). */
const NONCE_PRUNE_MS = 60_000;

export interface EvidenceServiceOptions {
  db: Database;
  /** Resolves HMAC probe keys' secret references. */
  secrets: SecretLookup;
  /** How far a signature's `created` may be from now, either way (default 300 s). */
  replayWindowSeconds?: number;
}

/**
 * Evidence intake: verifies probes' signatures, checks payloads against their type's schema and stores
 * them (records.ts). Probe keys and compiled schemas are kept in memory, so a send costs one transaction
 * and no other query; the transaction confirms both are still the registered ones, and a stale copy
 * (revoked, replaced or re-registered, here or by another runtime on the store) is forgotten and the send
 * checked once more against the store.
 */
export class EvidenceService {
  readonly schemas: EvidenceSchemas;
  readonly replayWindowSeconds: number;
  private readonly keys = new Map<string, { found: ProbeVerifyKey; at: number }>();
  private prunedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly opts: EvidenceServiceOptions) {
    this.schemas = new EvidenceSchemas(opts.db);
    this.replayWindowSeconds = opts.replayWindowSeconds ?? DEFAULT_REPLAY_WINDOW_SECONDS;
  }

  /** Drops a cached key (it was registered again or revoked). */
  forgetKey(keyid: string): void {
    this.keys.delete(keyid);
  }

  /** Drops a type's cached validator (it was registered again). */
  forgetType(type: string): void {
    this.schemas.forget(type);
  }

  /**
   * Verifies, validates and stores one signed send. The signature is verified before the body is looked at;
   * `input` is the parsed body. `audit` is the call's audit entry, committed with the record.
   */
  async accept(call: SignedCall, input: EvidenceInput, audit: AuditInput): Promise<EvidenceAccepted> {
    for (let attempt = 0; ; attempt++) {
      const sig = await verifyProbeSignature(call, (keyid) => this.lookupKey(keyid, call.now), this.replayWindowSeconds);
      const type = await this.schemas.validator(input.type);
      if (!type) throw new RuntimeProblem('invalid-request', `/type: no evidence type ${JSON.stringify(input.type)} is registered (PUT /v1/evidence-types/{type})`, { errors: [{ pointer: '/type', message: 'unknown evidence type' }] });
      checkPayload(type.validate, input);
      const prune = call.now.getTime() - this.prunedAt >= NONCE_PRUNE_MS;
      const pruneNoncesBefore = prune ? new Date(call.now.getTime() - this.replayWindowSeconds * 1000) : undefined;
      const stored = await this.opts.db.transaction((tx) => storeEvidence(tx, input, sig, { schemaDigest: type.digest, pruneNoncesBefore }, call.now, audit));
      if (prune) this.prunedAt = call.now.getTime();
      if (!('stale' in stored)) return stored;
      if (stored.stale === 'key') this.forgetKey(sig.keyid);
      else this.forgetType(input.type);
      // One more look at the store; a second stale answer is a registration changing under this send.
      if (attempt > 0) throw new RuntimeProblem('change-conflict', `probe key ${sig.keyid} or evidence type ${input.type} changed while the evidence was stored; send it again`);
    }
  }

  private async lookupKey(keyid: string, now: Date): Promise<ProbeVerifyKey | null> {
    const cached = this.keys.get(keyid);
    if (cached && now.getTime() - cached.at < KEY_CACHE_MS && now.getTime() >= cached.at) return cached.found;
    const found = await probeVerifyKey(this.opts.db, keyid, this.opts.secrets);
    if (found) this.keys.set(keyid, { found, at: now.getTime() });
    else this.keys.delete(keyid);
    return found;
  }
}

function checkPayload(validate: Parameters<typeof assertValid>[0], input: EvidenceInput): void {
  try {
    assertValid(validate, input.payload);
  } catch (error) {
    if (error instanceof RuntimeProblem) {
      const errors = ((error.extensions.errors ?? []) as { pointer: string }[]).map((e) => ({ ...e, pointer: `/payload${e.pointer}` }));
      throw new RuntimeProblem('invalid-request', `payload does not match the schema of ${input.type}: ${errors[0]?.pointer ?? '/payload'}`, { errors });
    }
    throw error;
  }
}
