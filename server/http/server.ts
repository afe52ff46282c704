import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { OverlayApp } from '../app.ts';

/**
 * The overlay's HTTP server: the few hot routes that must not pay for Hono's web-standard
 * objects (MediaMTX's auth callback) are answered on plain node:http; everything else goes to Hono.
 */
export function createOverlayServer(overlay: Pick<OverlayApp, 'fetch' | 'rawRoutes'>): Server {
  const hono = getRequestListener(overlay.fetch);
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    for (const raw of overlay.rawRoutes) {
      if (raw.path === path && raw.method === req.method) return raw.handle(req, res);
    }
    void hono(req, res);
  });
}
