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
    const path = req.url?.split('?', 1)[0];
    const raw = overlay.rawRoutes.find((r) => r.method === req.method && r.path === path);
    if (raw) raw.handle(req, res);
    else void hono(req, res);
  });
}
