import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** What one IPv6 subscriber usually holds: a whole /64, so counting single addresses counts nothing. */
const IPV6_PREFIX_PARTS = 4;

/**
 * The key per-address rate limits count under: an IPv4 address as it is, an IPv4-mapped IPv6
 * address (`::ffff:203.0.113.7`, how a dual-stack socket reports IPv4) as that IPv4 address,
 * and any other IPv6 address as its /64 — one host may pick any address in its /64, so per
 * address it could go round every limit. Anything that is no IP address (`unknown`) is kept as it is.
 */
export function rateLimitKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const parsed = ipaddr.IPv6.parse(address);
  if (parsed.isIPv4MappedAddress()) return parsed.toIPv4Address().toString();
  const network = new ipaddr.IPv6([...parsed.parts.slice(0, IPV6_PREFIX_PARTS), 0, 0, 0, 0]);
  return `${network.toRFC5952String()}/${IPV6_PREFIX_PARTS * 16}`;
}
