import type { Context } from 'hono';
import { isPlainHost } from '../http/host.ts';
import { PROXY_SECRET_HEADER, secretMatches } from '../identity/proxy-secret.ts';

/**
 * The site's address as the browser sees it (for links such as set-password). Behind the reverse
 * proxy, which proves itself with the secret, that is X-Forwarded-Proto and X-Forwarded-Host;
 * otherwise the request's own URL. `trusted` says whether the proxy vouched for it: only then does
 * it go into email, where a forged Host header would otherwise make a phishing link.
 */
export function requestOrigin(c: Context, proxySecret: string | null): { origin: string; trusted: boolean } {
  const own = new URL(c.req.url);
  if (!proxySecret || !secretMatches(c.req.header(PROXY_SECRET_HEADER), proxySecret)) return { origin: own.origin, trusted: false };
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
  const host = (c.req.header('x-forwarded-host') ?? c.req.header('host'))?.split(',')[0]?.trim();
  const scheme = proto === 'https' || proto === 'http' ? proto : own.protocol.slice(0, -1);
  return host && isPlainHost(host) ? { origin: `${scheme}://${host}`, trusted: true } : { origin: own.origin, trusted: false };
}
