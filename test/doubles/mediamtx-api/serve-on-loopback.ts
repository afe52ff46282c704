import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer, type HttpBindings } from '@hono/node-server';

export type LoopbackServer = { url: string; port: number; stop(): Promise<void> };

type FetchHandler = (request: Request, env: HttpBindings) => Response | Promise<Response>;

/**
 * Serves a Hono `fetch` on 127.0.0.1 with an OS-assigned port, so parallel test files never
 * race for a port. Shared by the test doubles (the stand-in editor imports it too). `port` fixes
 * the port instead, for a peer that calls a hard-coded address (the real editor's MediaMTX API):
 * taken, it rejects with EADDRINUSE.
 */
export async function serveOnLoopback(fetch: FetchHandler, port = 0): Promise<LoopbackServer> {
  const server = createAdaptorServer({
    fetch: fetch as (request: Request, env: unknown) => Response | Promise<Response>,
    // The doubles must not swap the test process's global Request/Response for the adapter's.
    overrideGlobalObjects: false,
  }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets and open event streams would otherwise hold close() forever.
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}
