import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/** RFC 9110 §7.6.1: connection-specific fields, plus the pre-standard ones proxies still see. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Drops hop-by-hop fields and every field the Connection header names. */
export function withoutHopByHop(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
  );
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.has(name)) continue;
    out[name] = value;
  }
  return out;
}

/**
 * An absolute Location that points at the editor itself becomes relative, so the browser stays on
 * the overlay's host; anything else (relative, other hosts) is left as the editor wrote it.
 */
export function rewriteLocation(location: string, editorOrigin: string): string {
  if (!/^https?:\/\//i.test(location)) return location;
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return location;
  }
  return url.origin === editorOrigin ? `${url.pathname}${url.search}${url.hash}` : location;
}

/** A redirect to the editor's login page: the upstream session the overlay used has expired. */
export function isLoginRedirect(status: number | undefined, location: string | undefined, editorOrigin: string): boolean {
  if (!status || status < 300 || status >= 400 || !location) return false;
  const path = rewriteLocation(location, editorOrigin);
  return path === '/login' || path.startsWith('/login?');
}

/** Request headers the editor must never see from a browser in directory mode. */
export function isIdentityHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('x-authentik-') || lower === 'x-overlay-proxy-secret';
}
