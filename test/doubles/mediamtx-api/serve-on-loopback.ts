import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer, type HttpBindings } from '@hono/node-server';

export type LoopbackServer = { url: string; port: number; stop(): Promise<void> };

type FetchHandler = (request: Request, env: HttpBindings) => Response | Promise<Response>;

/**
 * Serves a Hono `fetch` on 127.0.0.1 with an OS-assigned port, so parallel test files never
 * race for a port. Shared by the test doubles (the stand-in editor imports it too).
 */
export async function serveOnLoopback(fetch: FetchHandler): Promise<LoopbackServer> {
  const server = createAdaptorServer({
    fetch: fetch as (request: Request, env: unknown) => Response | Promise<Response>,
    // The doubles must not swap the test process's global Request/Response for the adapter's.
    overrideGlobalObjects: false,
  }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
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
