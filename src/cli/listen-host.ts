import { isIP } from 'node:net';
import { UsageError } from '../core/errors.js';
import { classifyAddress } from '../runtime/delivery/address-class.js';

/**
 * The address a local development server (`interlock mock`) may listen on: loopback (127.0.0.0/8, ::1,
 * localhost) unless `--allow-remote` says otherwise. Any other address exposes it, and whatever it records,
 * to the network the machine is on; a name other than localhost may resolve anywhere, so it counts as remote.
 */
export function listenHost(host: string | undefined, allowRemote: boolean | undefined): string {
  const chosen = host ?? '127.0.0.1';
  if (allowRemote) return chosen;
  const bare = chosen.replace(/^\[|\]$/g, '');
  const loopback = bare.toLowerCase() === 'localhost' || (isIP(bare) !== 0 && classifyAddress(bare) === 'loopback');
  if (!loopback) throw new UsageError(`--host ${chosen} is not a loopback address: the mock would be reachable from other machines; pass --allow-remote to listen there anyway`);
  return chosen;
}
