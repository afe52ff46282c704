import './v8-tuning.ts';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import { createOverlayServer } from './http/server.ts';
import { loadConfigOrExit } from './config/load-or-exit.ts';
import { warnAboutTrustedProxiesAtStart } from './doctor/trusted-proxies.ts';
import { closeDirectoryServices, createDirectoryServices, type DirectoryServices } from './services.ts';
import { createLogger } from './log.ts';

const config = loadConfigOrExit();

const log = createLogger(config.logLevel);
log.info(
  { mode: config.mode, identity: config.mode === 'directory' ? config.identity : null, editor: config.editorUrl },
  `mode: ${config.mode} (${config.modeReason})`,
);

let services: DirectoryServices | null = null;
try {
  services = config.mode === 'directory' ? await createDirectoryServices(config, log) : null;
} catch (error) {
  // Rules file, store: nothing can be decided without them, so say what is wrong and stop.
  log.fatal({ reason: (error as Error).message }, 'cannot start');
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
const directory = services?.directory;
if (directory) {
  // Unreachable at start is not fatal: the overlay stays in directory mode, closed, until it is back.
  directory.ping().then(
    () => log.info({ url: config.ldap!.url }, 'directory reachable'),
    (error: Error) => log.error({ url: config.ldap!.url, reason: error.message }, 'directory unreachable: access is closed until it answers'),
  );
}

const server = createOverlayServer(createApp({ config, log, services }));
server.listen(config.port, config.host, () => {
  const { port } = server.address() as AddressInfo;
  log.info({ url: `http://${config.host}:${port}` }, 'listening');
  // Once, not per request: MediaMTX's settings are the operator's to fix, the doctor shows them any time.
  if (services) void warnAboutTrustedProxiesAtStart({ config, overlayPort: port, mediamtx: services.mediamtx, log });
});

function shutdown(signal: string) {
  log.info({ signal }, 'shutting down');
  server.close();
  if (services) void closeDirectoryServices(services);
  setTimeout(() => process.exit(0), 2_000).unref();
}
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
