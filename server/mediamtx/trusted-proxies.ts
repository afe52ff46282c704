/**
 * MediaMTX's HLS, WebRTC and playback servers take a client's address from the TCP connection
 * unless `<server>TrustedProxies` lists the peer; only then do they read X-Forwarded-For. Behind a
 * reverse proxy on the same host (Caddy's /hls-proxy/ → 127.0.0.1:8888) every reader is therefore
 * 127.0.0.1, and the overlay, which judges MediaMTX's internal users by the address MediaMTX
 * reports, lets them all in through the stock `any` user from 127.0.0.1/::1.
 *
 * This module names the settings that fix it (settings.ts puts them in the auth section) and finds
 * the internal users such a proxy would let everyone through (the doctor and the start-up warning).
 */
import ipaddr from 'ipaddr.js';
import { parseNetwork, type IpNetwork } from './internal-users/ip-networks.ts';
import type { AuthAction, InternalUser } from './internal-users/types.ts';

/** The servers a reverse proxy can front, what their readers and publishers do, and MediaMTX's default for `<server>`. */
const PROXIED_SERVERS = [
  { server: 'hls', label: 'HLS', actions: ['read'], onByDefault: true },
  { server: 'webrtc', label: 'WebRTC', actions: ['read', 'publish'], onByDefault: true },
  { server: 'playback', label: 'playback', actions: ['playback'], onByDefault: false },
] as const satisfies ReadonlyArray<{ server: string; label: string; actions: readonly AuthAction[]; onByDefault: boolean }>;

type ProxiedServer = (typeof PROXIED_SERVERS)[number];

export const trustedProxiesKey = (server: ProxiedServer['server']) => `${server}TrustedProxies` as const;

/** `hlsTrustedProxies`, `webrtcTrustedProxies`, `playbackTrustedProxies`, each the proxy's addresses. */
export function trustedProxiesSettings(proxies: readonly string[]): Record<string, string[]> {
  return Object.fromEntries(PROXIED_SERVERS.map(({ server }) => [trustedProxiesKey(server), [...proxies]]));
}

/** Entries MediaMTX cannot parse are dropped: it refuses them itself, so they never trust anything. */
function networks(value: unknown): IpNetwork[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((text) => {
    const network = typeof text === 'string' ? parseNetwork(text.trim()) : { error: 'not a string' };
    return 'error' in network ? [] : [network];
  });
}

function contains(outer: IpNetwork, inner: IpNetwork): boolean {
  return outer.address.kind() === inner.address.kind() && outer.prefix <= inner.prefix && inner.address.match(outer.address, outer.prefix);
}

const overlaps = (a: IpNetwork, b: IpNetwork) => contains(a, b) || contains(b, a);

/**
 * A list of networks the way MediaMTX's API reports it (Go's IPNet.String, sorted): `127.0.0.1`
 * comes back as `127.0.0.1/32`. Comparing through this tells a real change from a spelling.
 */
export function canonicalNetworks(value: unknown): unknown {
  if (!Array.isArray(value) || value.some((text) => typeof text !== 'string' || 'error' in parseNetwork(text.trim()))) return value;
  return value
    .map((text: string) => {
      const { address, prefix } = parseNetwork(text.trim()) as IpNetwork;
      const network =
        address.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(`${address}/${prefix}`) : ipaddr.IPv6.networkAddressFromCIDR(`${address}/${prefix}`);
      return `${network.kind() === 'ipv6' ? (network as ipaddr.IPv6).toRFC5952String() : network.toString()}/${prefix}`;
    })
    .sort();
}

/** One internal user that lets anyone in through a proxy MediaMTX does not know to be one. */
export interface ProxyExposure {
  server: ProxiedServer;
  /** As configured in MEDIAMTX_TRUSTED_PROXIES. */
  proxy: string;
  user: InternalUser;
  /** e.g. `read`, `publish on cam1`. */
  grants: string[];
}

const isOn = (value: unknown, byDefault: boolean) => (typeof value === 'boolean' ? value : byDefault);

/** The servers that are on, each with the proxy addresses its `*TrustedProxies` does not cover. */
export function proxiedServers(conf: Record<string, unknown>, proxies: readonly string[]): Array<{ server: ProxiedServer; untrusted: string[] }> {
  return PROXIED_SERVERS.filter((server) => isOn(conf[server.server], server.onByDefault)).map((server) => {
    const trusted = networks(conf[trustedProxiesKey(server.server)]);
    const untrusted = proxies.filter((proxy) => {
      const network = parseNetwork(proxy);
      return !('error' in network) && !trusted.some((t) => contains(t, network));
    });
    return { server, untrusted };
  });
}

/**
 * For each proxied server that is on and does not trust one of `proxies`: the `any` entries limited
 * by `ips` to that proxy's address that grant what the server's clients do. An entry without `ips`
 * admits everyone anyway, so trusting the proxy would change nothing about it.
 */
export function findProxyExposures(conf: Record<string, unknown>, users: readonly InternalUser[], proxies: readonly string[]): ProxyExposure[] {
  const found: ProxyExposure[] = [];
  for (const { server, untrusted } of proxiedServers(conf, proxies)) {
    for (const proxy of untrusted) {
      const network = parseNetwork(proxy) as IpNetwork;
      for (const user of users) {
        if (!user.any || !user.ips.some((ip) => overlaps(ip, network))) continue;
        const grants = user.permissions
          .filter((p) => (server.actions as readonly string[]).includes(p.action))
          .map((p) => (p.path === '' ? p.action : `${p.action} on ${p.path}`));
        if (grants.length) found.push({ server, proxy, user, grants });
      }
    }
  }
  return found;
}

const unique = <T>(items: readonly T[]) => [...new Set(items)];
const and = (items: readonly string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/** One sentence per internal user, for the doctor and the log: the proxy addresses, what anyone may do, through which servers. */
export function describeProxyExposures(exposures: readonly ProxyExposure[]): string {
  const byUser = new Map<InternalUser, ProxyExposure[]>();
  for (const exposure of exposures) byUser.set(exposure.user, [...(byUser.get(exposure.user) ?? []), exposure]);
  return [...byUser]
    .map(([user, found]) => {
      const keys = unique(found.map((e) => trustedProxiesKey(e.server.server)));
      return (
        `internal user #${user.index} (${user.user}) lets anyone from ${unique(found.map((e) => e.proxy)).join(', ')} ${unique(found.flatMap((e) => e.grants)).join(', ')}, ` +
        `and MediaMTX reports every ${and(unique(found.map((e) => e.server.label)))} client behind the proxy with such an address ` +
        `(${keys.join(', ')} ${keys.length > 1 ? 'do' : 'does'} not list it): everyone who comes through the proxy may do that, signed in or not`
      );
    })
    .join('; ');
}

/** The settings that fix them, as YAML flow values. */
export function proxyExposureFix(exposures: readonly ProxyExposure[], proxies: readonly string[]): string {
  const keys = unique(exposures.map((e) => trustedProxiesKey(e.server.server)));
  const value = `[${proxies.map((p) => `'${p}'`).join(', ')}]`;
  return `Run \`npm run mediamtx-settings -- --apply\`, or set in mediamtx.yml ${keys.map((key) => `${key}: ${value}`).join(', ')} and restart MediaMTX (MEDIAMTX_TRUSTED_PROXIES names the reverse proxy in front of MediaMTX).`;
}
