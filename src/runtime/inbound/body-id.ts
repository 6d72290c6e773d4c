import { createHash } from 'node:crypto';

/** The hex SHA-256 of a body: the message id of schemes whose vendor sends none. */
export function bodyHash(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}
