import type { Context, MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { OverlayError } from './errors.ts';

/**
 * The editor has no CSRF tokens, so the overlay refuses form-style posts (forms, multipart,
 * text/plain) that a browser says came from another site. Hono's csrf middleware decides;
 * we only turn its refusal into the overlay's own error page.
 */
export function refuseCrossSiteForms(): MiddlewareHandler {
  const check = csrf({ origin: (origin, c) => sameHost(origin, c), secFetchSite: ['same-origin', 'none'] });
  return async function refuseCrossSite(c, next) {
    // Only POST can come from a plain HTML form; other methods cross-site need a CORS preflight we never grant.
    if (c.req.method !== 'POST') return next();
    try {
      await check(c, next);
    } catch (error) {
      if (error instanceof HTTPException && error.status === 403 && !(error instanceof OverlayError)) {
        throw new OverlayError(403, {
          title: 'Cross-site request refused',
          message: 'This form was sent from another site (or without an Origin header), so it was not passed on.',
          log: `cross-site ${c.req.method} ${c.req.path} origin=${c.req.header('origin') ?? 'none'}`,
        });
      }
      throw error;
    }
  };
}

/** Origin and Host name the same site; behind the proxy the scheme differs (https outside, http here). */
function sameHost(origin: string, c: Context): boolean {
  const host = c.req.header('x-forwarded-host') ?? c.req.header('host');
  try {
    return Boolean(host) && new URL(origin).host === host;
  } catch {
    return false;
  }
}
