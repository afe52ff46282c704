import { Hono } from 'hono';
import { OverlayError } from '../http/errors.ts';
import type { OverlayEnv } from '../http/env.ts';
import type { JwtKeyRing } from './key-ring.ts';
import type { MediamtxJwts } from './tokens.ts';

/**
 * GET /.well-known/jwks.json — MediaMTX's `authJWTJWKS`. Public: it holds public keys only, and
 * MediaMTX fetches it with no identity. MediaMTX itself re-reads it at most hourly.
 */
export function jwksRoute(ring: JwtKeyRing): Hono<OverlayEnv> {
  const routes = new Hono<OverlayEnv>();
  routes.get('/.well-known/jwks.json', async (c) => {
    c.header('Cache-Control', 'max-age=300');
    return c.json(await ring.publicKeys());
  });
  return routes;
}

/** POST /_overlay/api/token — a MediaMTX JWT for the signed-in viewer or admin. null: not in JWT mode. */
export function tokenApi(jwts: MediamtxJwts | null): Hono<OverlayEnv> {
  const api = new Hono<OverlayEnv>();
  api.post('/token', async (c) => {
    if (!jwts) {
      throw new OverlayError(404, {
        title: 'JWT mode is off',
        message: 'MediaMTX tokens are issued only when the overlay runs with MEDIAMTX_AUTH=jwt; MediaMTX asks the overlay itself (authMethod: http).',
      });
    }
    c.header('Cache-Control', 'no-store');
    return c.json(await jwts.issue(c.get('user')));
  });
  return api;
}
