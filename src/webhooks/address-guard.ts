/**
 * SSRF guard for outbound webhooks. A subscription's host is resolved and refused when any address is
 * private, loopback, link-local, CGNAT, multicast or unspecified (when so configured: always outside local).
 * It runs twice: when the subscription is made (a clear 400), and as the DNS lookup of every delivery's
 * connection, so a name that later resolves somewhere internal (DNS rebinding) is refused at connect time.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) BLOCKED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) BLOCKED.addSubnet(network, prefix, 'ipv6');

const MAPPED_V4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

export function isBlockedAddress(address: string): boolean {
  const mapped = MAPPED_V4.exec(address)?.[1];
  if (mapped !== undefined) return BLOCKED.check(mapped, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true; // not an address at all: refuse rather than guess
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class BlockedAddressError extends Error {
  readonly code = 'WEBHOOK_ADDRESS_REFUSED';
  constructor() {
    super('the webhook host resolves to a private, loopback or link-local address');
    this.name = 'BlockedAddressError';
  }
}

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(host, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });
}

/** At subscription time: undefined when allowed, else why not (for a 400). */
export async function hostProblem(url: string, blockPrivate: boolean): Promise<string | undefined> {
  if (!blockPrivate) return undefined;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  try {
    const addresses = isIP(host) === 0 ? await resolveAll(host) : [{ address: host, family: isIP(host) }];
    return addresses.some((a) => isBlockedAddress(a.address)) ? 'resolves to a private, loopback or link-local address' : undefined;
  } catch {
    return 'does not resolve';
  }
}

/** At delivery time: the connection's lookup, refusing a blocked address before any byte is sent. */
export function guardedLookup(blockPrivate: boolean): LookupFunction | undefined {
  if (!blockPrivate) return undefined;
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses;
      if (list.length === 0 || list.some((a) => isBlockedAddress(a.address))) return callback(new BlockedAddressError(), '', 0);
      if (options.all === true) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      const [first] = list;
      callback(null, first!.address, first!.family);
    });
  };
}
