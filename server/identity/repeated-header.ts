import type { Context } from 'hono';
import { isIdentityHeader } from '../proxy/headers.ts';

/**
 * The first identity header (X-Authentik-*, X-Overlay-Proxy-Secret) the request carries more than
 * once, by lower-case name; null when none repeats. Node joins repeated x- headers with ", ", so a
 * second X-Authentik-Groups would read as more groups: the raw header list is counted instead.
 * Without node's request (app.request in tests) there is no raw list and nothing to count.
 */
export function repeatedIdentityHeader(c: Context): string | null {
  const raw = (c.env as { incoming?: { rawHeaders?: string[] } } | undefined)?.incoming?.rawHeaders;
  if (!raw) return null;
  let seen: string[] | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (!isIdentityHeader(name)) continue;
    const lower = name.toLowerCase();
    if (seen?.includes(lower)) return lower;
    (seen ??= []).push(lower);
  }
  return null;
}
