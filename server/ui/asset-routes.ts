/**
 * `GET /_overlay/assets/<hash>/<name>`: the icon font, its stylesheet and hls.js (offline-assets.ts),
 * for signed-in users. The URL names the content, so the answer is kept a year; text is sent
 * compressed when the browser allows. Any other path under the prefix is the overlay's 404: it
 * never reaches the editor.
 */
import { Hono } from 'hono';
import { OverlayError } from '../http/errors.ts';
import type { OverlayEnv } from '../http/env.ts';
import { ASSETS_PREFIX, type OfflineAssets } from './offline-assets.ts';
import { etagFor, IMMUTABLE, notModified, pickEncoding } from './routes.ts';

export function assetRoutes(assets: OfflineAssets): Hono<OverlayEnv> {
  const routes = new Hono<OverlayEnv>();
  routes.get(`${ASSETS_PREFIX}*`, async (c) => {
    const asset = assets.find(c.get('path'));
    if (!asset) {
      throw new OverlayError(404, { title: 'Not found', message: "There is no such file among the overlay's assets." });
    }
    const encoding = asset.compressible ? pickEncoding(c.req.header('accept-encoding')) : 'identity';
    c.header('ETag', etagFor(asset.hash, encoding));
    if (asset.compressible) c.header('Vary', 'Accept-Encoding');
    c.header('Cache-Control', IMMUTABLE);
    c.header('X-Content-Type-Options', 'nosniff');
    if (notModified(c.req.header('if-none-match'), asset.hash)) return c.body(null, 304);
    c.header('Content-Type', asset.contentType);
    if (encoding === 'identity') return c.body(new Uint8Array(asset.identity), 200);
    c.header('Content-Encoding', encoding);
    return c.body(new Uint8Array(await assets.encoded(asset, encoding)), 200);
  });
  return routes;
}
