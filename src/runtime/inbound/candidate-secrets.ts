import { splitSecrets } from '../delivery/signing.js';

/**
 * The keys to try for schemes whose vendor secrets may contain spaces (Jira lets an admin type any
 * phrase): the whole value first, then each whitespace-separated part (the rotation convention).
 */
export function candidateSecrets(secret: string): string[] {
  return [...new Set([secret.trim(), ...splitSecrets(secret)])].filter(Boolean);
}
