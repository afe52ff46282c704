import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { Context } from 'hono';

export const PROXY_SECRET_HEADER = 'x-overlay-proxy-secret';

/** Constant-time comparison; hashing first makes the lengths equal so nothing leaks through timing. */
export function secretMatches(presented: string | undefined, secret: string): boolean {
  if (!presented) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(presented), digest(secret));
}

/** Whether an address is one of the reverse proxies in front (TRUSTED_PROXIES, compiled by ipAllowList). */
export type TrustedProxies = (ip: string) => boolean;
const NO_TRUSTED_PROXIES: TrustedProxies = () => false;

const peerAddress = (c: Context) => (c.env as { incoming?: { socket?: { remoteAddress?: string } } })?.incoming?.socket?.remoteAddress ?? 'unknown';

/** Whether the request came through our reverse proxy (it carries the secret, or its peer is trusted): only then are X-Forwarded-* believed. */
export function fromReverseProxy(c: Context, proxySecret: string | null, trustedProxies: TrustedProxies = NO_TRUSTED_PROXIES): boolean {
  return trustedProxies(peerAddress(c)) || (proxySecret !== null && secretMatches(c.req.header(PROXY_SECRET_HEADER), proxySecret));
}

/**
 * The client's address. X-Forwarded-For is believed only from the reverse proxy: a request that
 * carries the proxy secret, or whose peer is one of `trustedProxies`; anyone else could write
 * anything there. Even then only what our proxies wrote counts: each proxy appends the address it
 * saw, so the list is read from the right, past our own proxies, and the first other address is
 * the client (the leftmost is whatever the client sent). One that is no IP address means the
 * chain cannot be read, so the peer counts: one budget for all rather than one the client picks.
 */
export function clientIp(c: Context, proxySecret: string | null, trustedProxies: TrustedProxies = NO_TRUSTED_PROXIES): string {
  const socketIp = peerAddress(c);
  if (!fromReverseProxy(c, proxySecret, trustedProxies)) return socketIp;
  const hops = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (isIP(hop) === 0) return socketIp;
    if (!trustedProxies(hop) || i === 0) return hop;
  }
  return socketIp;
}
