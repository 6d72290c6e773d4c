/** Why a reference could not be resolved, as a stable code for health reports and metrics. */
export type SecretFailureReason = 'invalid-reference' | 'not-found' | 'missing-key' | 'unreadable' | 'denied' | 'unavailable' | 'not-configured';

/**
 * A failed resolution. The message names the reference and the cause — never a value, a token or a
 * secret id — so it may be logged, audited and shown through the admin API as it is.
 */
export class SecretError extends Error {
  constructor(
    readonly reference: string,
    readonly reason: SecretFailureReason,
    detail: string,
  ) {
    super(`secret ${reference}: ${detail}`);
    this.name = 'SecretError';
  }
}
