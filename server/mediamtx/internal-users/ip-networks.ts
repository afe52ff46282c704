/**
 * IPs and CIDRs with Go's net.IPNet semantics, which MediaMTX uses for `ips`:
 * - a bare IP is a /32 (IPv4) or /128 (IPv6) network;
 * - IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is IPv4, both for the client and for a network whose prefix
 *   keeps the mapping (>= 96 bits), so `::ffff:127.0.0.1` and `127.0.0.1` are the same entry;
 * - IPv4 and IPv6 never match each other otherwise: `::/0` does not contain 10.0.0.1.
 */
import ipaddr from 'ipaddr.js';
import { LRUCache } from 'lru-cache';

export type Address = ipaddr.IPv4 | ipaddr.IPv6;

export interface IpNetwork {
  /** As configured, for messages. */
  text: string;
  address: Address;
  prefix: number;
}

// Go's ParseIP takes only dotted-quad decimal IPv4 without leading zeros; ipaddr.js would also take
// forms like `127.1` or `0x7f.0.0.1`, which MediaMTX rejects.
const IPV4_OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${IPV4_OCTET}(?:\\.${IPV4_OCTET}){3}$`);

function parseStrictAddress(text: string): Address | null {
  if (IPV4.test(text)) return ipaddr.IPv4.parse(text);
  // Zones (`fe80::1%eth0`) are not IPs to Go.
  if (text.includes(':') && !text.includes('%') && ipaddr.IPv6.isValid(text)) return ipaddr.IPv6.parse(text);
  return null;
}

function unmap(address: Address, prefix: number): { address: Address; prefix: number } {
  if (address.kind() === 'ipv6') {
    const v6 = address as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress() && prefix >= 96) return { address: v6.toIPv4Address(), prefix: prefix - 96 };
  }
  return { address, prefix };
}

/** The client IP as MediaMTX reports it; null when it is not an IP (then no network contains it). */
export function parseClientIp(text: string): Address | null {
  const address = parseStrictAddress(text.trim());
  if (!address) return null;
  return unmap(address, address.kind() === 'ipv4' ? 32 : 128).address;
}

// First seen, first out (peek(): a hit costs no reordering); 1,024 addresses hold the few that recur.
// Wrapped, because "not an IP" (null) is remembered too.
const recentClients = new LRUCache<string, { address: Address | null }>({ max: 1_024 });

/**
 * parseClientIp, remembered for the last addresses seen: MediaMTX asks about the same few clients
 * again and again, and parsing is most of an internal-user check. Callers must not change the result.
 */
export function parseClientIpCached(text: string): Address | null {
  let known = recentClients.peek(text);
  if (!known) recentClients.set(text, (known = { address: parseClientIp(text) }));
  return known.address;
}

export function parseNetwork(text: string): IpNetwork | { error: string } {
  const slash = text.indexOf('/');
  const address = parseStrictAddress(slash === -1 ? text : text.slice(0, slash));
  if (!address) return { error: `unable to parse IP/CIDR '${text}'` };
  const bits = address.kind() === 'ipv4' ? 32 : 128;
  let prefix = bits;
  if (slash !== -1) {
    const prefixText = text.slice(slash + 1);
    prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (!(prefix <= bits)) return { error: `unable to parse IP/CIDR '${text}'` };
  }
  return { text, ...unmap(address, prefix) };
}

export function networksContain(networks: readonly IpNetwork[], client: Address | null): boolean {
  if (!client) return false;
  for (const network of networks) {
    if (network.address.kind() === client.kind() && client.match(network.address, network.prefix)) return true;
  }
  return false;
}
