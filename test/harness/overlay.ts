/** Runs the overlay in this process on a free loopback port, with its log lines captured. */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Server } from 'node:http';
import { createApp, type AppDependencies, type OverlayApp } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config/index.ts';
import { closeDirectoryServices, createDirectoryServices, type DirectoryServices } from '../../server/services.ts';
import { createLogger } from '../../server/log.ts';
import { createOverlayServer } from '../../server/http/server.ts';

export interface RunningOverlay extends OverlayApp {
  url: string;
  config: Readonly<Config>;
  services: DirectoryServices | null;
  logs: Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

export async function startOverlay(env: Record<string, string>, app: Pick<AppDependencies, 'uiBundlePath'> = {}): Promise<RunningOverlay> {
  // Each overlay gets its own embedded store unless the test names one.
  const dataDir = env.DATA_DIR ?? (await mkdtemp(join(tmpdir(), 'overlay-data-')));
  const config = loadConfig({ HOST: '127.0.0.1', LOG_LEVEL: 'info', DATA_DIR: dataDir, ...env });
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const log = createLogger(config.logLevel, sink);
  const services = config.mode === 'directory' ? await createDirectoryServices(config, log) : null;
  const overlay = createApp({ config, log, services, ...app });
  const server: Server = createOverlayServer(overlay);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...overlay,
    url: `http://127.0.0.1:${port}`,
    config,
    services,
    logs,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      if (services) await closeDirectoryServices(services);
      if (!env.DATA_DIR) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
