/** Runs the overlay in this process on a free loopback port, with its log lines captured. */
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { serve, type ServerType } from '@hono/node-server';
import { createApp, type OverlayApp } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config/index.ts';
import { createDirectory } from '../../server/directory/index.ts';
import type { Directory } from '../../server/directory/types.ts';
import { createLogger } from '../../server/log.ts';

export interface RunningOverlay extends OverlayApp {
  url: string;
  config: Readonly<Config>;
  directory: Directory | null;
  logs: Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

export async function startOverlay(env: Record<string, string>): Promise<RunningOverlay> {
  const config = loadConfig({ HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env });
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const log = createLogger(config.logLevel, sink);
  const directory = createDirectory(config);
  const overlay = createApp({ config, log, directory });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: overlay.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    ...overlay,
    url: `http://127.0.0.1:${port}`,
    config,
    directory,
    logs,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await directory?.close();
    },
  };
}
