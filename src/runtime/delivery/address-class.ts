import { BlockList, isIP } from 'node:net';

/**
 * Which kind of address an endpoint resolved to. Anything but `public` is refused by the SSRF guard
 * unless the endpoint allows it: a webhook URL must never reach the runtime's own network.
 */
export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'ipv4-mapped'
  | 'unspecified'
  | 'multicast'
  | 'reserved';

const v4 = (ranges: [string, number][]): BlockList => {
  const list = new BlockList();
  for (const [net, prefix] of ranges) list.addSubnet(net, prefix, 'ipv4');
  return list;
};
const v6 = (ranges: [string, number][]): BlockList => {
  const list = new BlockList();
  for (const [net, prefix] of ranges) list.addSubnet(net, prefix, 'ipv6');
  return list;
};

// Order matters: the first list that holds the address names its class.
const V4: [AddressClass, BlockList][] = [
  ['unspecified', v4([['0.0.0.0', 8]])],
  ['loopback', v4([['127.0.0.0', 8]])],
  ['private', v4([['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['100.64.0.0', 10]])],
  ['link-local', v4([['169.254.0.0', 16]])],
  ['multicast', v4([['224.0.0.0', 4]])],
  ['reserved', v4([['240.0.0.0', 4], ['192.0.0.0', 24], ['198.18.0.0', 15]])],
];
const V6: [AddressClass, BlockList][] = [
  ['unspecified', v6([['::', 128]])],
  ['loopback', v6([['::1', 128]])],
  // IPv4-mapped (::ffff:0:0/96), IPv4-compatible (::/96) and NAT64 (64:ff9b::/96) smuggle an IPv4 address.
  ['ipv4-mapped', v6([['::ffff:0:0', 96], ['::', 96], ['64:ff9b::', 96]])],
  ['link-local', v6([['fe80::', 10]])],
  ['unique-local', v6([['fc00::', 7], ['fec0::', 10]])],
  ['multicast', v6([['ff00::', 8]])],
];

export function classifyAddress(address: string): AddressClass {
  const family = isIP(address);
  if (family === 4) return V4.find(([, list]) => list.check(address, 'ipv4'))?.[0] ?? 'public';
  if (family === 6) return V6.find(([, list]) => list.check(address, 'ipv6'))?.[0] ?? 'public';
  throw new Error(`not an IP address: ${address}`);
}
