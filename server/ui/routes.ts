/**
 * `GET /_overlay/overlay.js`: the panel bundle, for signed-in users (viewers too: it also draws
 * the viewer's own header). Served from memory, compressed ahead of time, with a strong ETag per
 * encoding. The page asks for `?v=<hash>`: that exact build may be kept a year; any other URL
 * revalidates every time, so a new build is picked up at once.
 */
import { Hono } from 'hono';
import { OverlayError } from '../http/errors.ts';
import type { OverlayEnv } from '../http/env.ts';
import type { UiBundle } from './bundle.ts';
import { BUNDLE_URL } from './inject.ts';

export type Encoding = 'br' | 'gzip' | 'identity';

export function uiRoutes(bundle: UiBundle): Hono<OverlayEnv> {
  const routes = new Hono<OverlayEnv>();
  routes.get(BUNDLE_URL, async (c) => {
    const current = await bundle.current();
    if (!current) {
      throw new OverlayError(503, {
        title: 'Console panels not built',
        message: "The overlay's console panels have not been built on this server: run `npm run build` and reload.",
        log: `missing ${bundle.path}`,
      });
    }
    const encoding = pickEncoding(c.req.header('accept-encoding'));
    c.header('ETag', etagFor(current.hash, encoding));
    c.header('Vary', 'Accept-Encoding');
    c.header('Cache-Control', c.req.query('v') === current.hash ? IMMUTABLE : 'private, no-cache');
    c.header('X-Content-Type-Options', 'nosniff');
    if (notModified(c.req.header('if-none-match'), current.hash)) return c.body(null, 304);
    const body = encoding === 'identity' ? current.identity : current[encoding];
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    if (encoding !== 'identity') c.header('Content-Encoding', encoding);
    return c.body(new Uint8Array(body), 200);
  });
  return routes;
}

/** Behind sign-in, so never for a shared cache; a versioned URL never changes. */
export const IMMUTABLE = 'private, max-age=31536000, immutable';

export function etagFor(hash: string, encoding: Encoding): string {
  // Each encoding is a different byte sequence, so a strong validator must differ too.
  return encoding === 'identity' ? `"${hash}"` : `"${hash}-${encoding}"`;
}

/** If-None-Match compares weakly (RFC 9110 13.1.2): any encoding of this build is "not modified". */
export function notModified(header: string | undefined, hash: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => {
    const opaque = tag.trim().replace(/^W\//, '');
    return opaque === `"${hash}"` || opaque === `"${hash}-br"` || opaque === `"${hash}-gzip"`;
  });
}

/** br, then gzip, then none, as Accept-Encoding allows (q=0 refuses; `*` allows any). */
export function pickEncoding(header: string | undefined): Encoding {
  const weights = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    weights.set(name, q === undefined ? 1 : Number(q));
  }
  const allowed = (coding: string) => (weights.get(coding) ?? weights.get('*') ?? 0) > 0;
  if (allowed('br')) return 'br';
  if (allowed('gzip')) return 'gzip';
  return 'identity';
}
