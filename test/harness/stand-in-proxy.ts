/**
 * A reverse proxy in front of the overlay on loopback, behaving as told: like caddy/Caddyfile
 * (drop client identity headers, add the proxy secret) or like a broken one (pass them through,
 * forget the secret). The doctor's proxy check is tested against both.
 */
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isIdentityHeader } from '../../server/proxy/headers.ts';

export interface StandInProxyOptions {
  /** Drop X-Authentik-* and X-Overlay-Proxy-Secret sent by the client. */
  strip: boolean;
  /** The X-Overlay-Proxy-Secret to add, or null to add none. */
  secret: string | null;
  /** Sees each request as it arrived, before anything is changed (a tap records what reaches the overlay). */
  onRequest?: (req: IncomingMessage) => void;
}

export interface StandInProxy {
  url: string;
  stop(): Promise<void>;
}

export async function startStandInProxy(target: string, options: StandInProxyOptions): Promise<StandInProxy> {
  const server = createServer((req, res) => {
    options.onRequest?.(req);
    const headers: IncomingHttpHeaders = { ...req.headers };
    delete headers.host;
    if (options.strip) for (const name of Object.keys(headers)) if (isIdentityHeader(name)) delete headers[name];
    if (options.secret !== null) headers['x-overlay-proxy-secret'] = options.secret;
    const upstream = request(`${target}${req.url ?? '/'}`, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
