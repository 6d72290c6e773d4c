import type { SecretLookup } from '../delivery/secret-refs.js';
import type { Database } from '../store/database.js';
import { EvidenceSchemas } from './evidence-types.js';
import { probeVerifyKey } from './probe-keys.js';
import { verifyProbeSignature, type SignedCall, type VerifiedSignature } from './verify-signature.js';

export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;

export interface EvidenceServiceOptions {
  db: Database;
  /** Resolves HMAC probe keys' secret references. */
  secrets: SecretLookup;
  /** How far a signature's `created` may be from now, either way (default 300 s). */
  replayWindowSeconds?: number;
}

/** Evidence intake: verifies probes' signatures and checks payloads against their type's schema (records.ts stores them). */
export class EvidenceService {
  readonly schemas: EvidenceSchemas;
  readonly replayWindowSeconds: number;

  constructor(private readonly opts: EvidenceServiceOptions) {
    this.schemas = new EvidenceSchemas(opts.db);
    this.replayWindowSeconds = opts.replayWindowSeconds ?? DEFAULT_REPLAY_WINDOW_SECONDS;
  }

  verify(call: SignedCall): Promise<VerifiedSignature> {
    return verifyProbeSignature(call, (keyid) => probeVerifyKey(this.opts.db, keyid, this.opts.secrets), this.replayWindowSeconds);
  }
}
