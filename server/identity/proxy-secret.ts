import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';

export const PROXY_SECRET_HEADER = 'x-overlay-proxy-secret';

/** Constant-time comparison; hashing first makes the lengths equal so nothing leaks through timing. */
export function secretMatches(presented: string | undefined, secret: string): boolean {
  if (!presented) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(presented), digest(secret));
}

/**
 * The client's address. X-Forwarded-For is believed only from the reverse proxy (it carries the
 * secret); anyone else could write anything there.
 */
export function clientIp(c: Context, proxySecret: string | null): string {
  const socketIp = (c.env as { incoming?: { socket?: { remoteAddress?: string } } })?.incoming?.socket?.remoteAddress ?? 'unknown';
  if (proxySecret && secretMatches(c.req.header(PROXY_SECRET_HEADER), proxySecret)) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return socketIp;
}
