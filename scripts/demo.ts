/**
 * `npm run demo`: a seeded OpenLDAP, the MediaMTX API double, the stand-in editor and the real
 * overlay (as a child process, like `npm start`), all on loopback; prints how to sign in.
 * `npm run demo -- --check`: the same on a free port, then a smoke test through the overlay; exit 0/1.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import getPort from 'get-port';
import { startMediamtxApi } from '../test/doubles/mediamtx-api/index.ts';
import { startSlapd } from '../test/harness/slapd.ts';
import { DEMO_PATHS } from '../test/harness/stack.ts';
import { startStandInEditor } from '../test/stand-in-editor/index.ts';
import { banner } from './demo/banner.ts';
import { overlayEnv } from './demo/overlay-env.ts';
import { spawnOverlay } from './demo/overlay-process.ts';
import { runSmokeTest } from './demo/smoke.ts';

const HOST = '127.0.0.1';
const DEFAULT_PORT = 8080;
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

const { values: args } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

// Everything we started, stopped in reverse order (overlay, editor, API double, slapd) by handle.
const running: Array<{ name: string; stop: () => Promise<void> }> = [];
let inFlight: Promise<unknown> = Promise.resolve();
let shuttingDown: Promise<never> | null = null;

/** A start refused because we are already stopping. */
class Stopping extends Error {}

/**
 * Starts one piece and registers its stop in the same step, so a signal that arrives while it is
 * starting still gets it stopped (shutdown waits for the step instead of exiting under it).
 */
function start<T>(name: (value: T) => string, begin: () => Promise<T>, stop: (value: T) => Promise<void>): Promise<T> {
  if (shuttingDown) return Promise.reject(new Stopping());
  const step = begin().then((value) => {
    running.push({ name: name(value), stop: () => stop(value) });
    return value;
  });
  inFlight = step.catch(() => {});
  return step;
}

function shutdown(code: number, reason?: string): Promise<never> {
  shuttingDown ??= (async () => {
    if (reason) console.log(`\n${reason}: stopping everything`);
    await inFlight;
    for (let piece = running.pop(); piece; piece = running.pop()) {
      try {
        await piece.stop();
        console.log(`stopped ${piece.name}`);
      } catch (error) {
        console.error(`could not stop ${piece.name}: ${(error as Error).message}`);
      }
    }
    process.exit(code);
  })();
  return shuttingDown;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (shuttingDown) console.log(`${signal} again: already stopping`);
    else void shutdown(args.check ? 1 : 0, `${signal} received`); // an interrupted check has proved nothing
  });
}

// `npm run demo` runs us under `sh -c`; a SIGTERM to npm kills that shell without passing the
// signal on, which would orphan us with everything still running. Being reparented means "stop".
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid && !shuttingDown) void shutdown(args.check ? 1 : 0, 'the parent process went away');
}, 1_000).unref();

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, HOST, () => probe.close(() => resolve(true)));
  });
}

async function choosePort(): Promise<number> {
  // CI may run several checks at once, so --check never insists on a fixed port.
  if (args.check) return getPort({ host: HOST });
  const raw = process.env.PORT?.trim() || String(DEFAULT_PORT);
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) throw new Error(`PORT=${raw} is not a port number (1-65535).`);
  if (!(await portIsFree(port))) {
    throw new Error(
      `Port ${port} on ${HOST} is already in use. Stop whatever listens there, or pick another port, e.g.: PORT=${port === DEFAULT_PORT ? 8081 : DEFAULT_PORT} npm run demo`,
    );
  }
  return port;
}

async function main(): Promise<void> {
  const port = await choosePort();

  const slapd = await start(
    (l) => `OpenLDAP (slapd pid ${l.pid})`,
    () => startSlapd(),
    (l) => l.stop(),
  );
  const mediamtx = await start(
    () => 'MediaMTX API double',
    () => startMediamtxApi({ paths: DEMO_PATHS }),
    (m) => m.stop(),
  );
  const editor = await start(
    () => 'stand-in editor',
    () => startStandInEditor({ mediamtxApiUrl: mediamtx.url }),
    (e) => e.stop(),
  );

  const env: NodeJS.ProcessEnv = {
    ...overlayEnv({ host: HOST, port, editorUrl: editor.url, mediamtxApiUrl: mediamtx.url, slapd }),
    IDENTITY: 'ldap-login',
    SESSION_SECRET: randomBytes(32).toString('hex'), // per run: old demo cookies stop working
    LOG_LEVEL: 'info',
  };
  const overlay = await start(
    (o) => `overlay (pid ${o.pid})`,
    async () => spawnOverlay({ cwd: PROJECT_ROOT, env, port }),
    (o) => o.stop(),
  );
  await overlay.ready();
  overlay.onUnexpectedExit((code, signal) => void shutdown(1, `the overlay exited unexpectedly (code ${code}, signal ${signal})`));

  if (args.check) {
    console.log(`\neverything answers after ${elapsed()}; smoke test against ${overlay.url}`);
    const ok = await runSmokeTest(overlay.url);
    console.log(`${ok ? 'PASS' : 'FAIL'}: demo check ${ok ? 'passed' : 'failed'} in ${elapsed()}`);
    await shutdown(ok ? 0 : 1);
  }
  console.log(
    banner({
      overlayUrl: overlay.url,
      editorUrl: editor.url,
      mediamtxApiUrl: mediamtx.url,
      ldap: { url: slapd.url, baseDN: slapd.baseDN, serviceDN: slapd.serviceDN, servicePassword: slapd.servicePassword },
    }),
  );
}

main().catch((error: unknown) => {
  if (shuttingDown) return; // the stop we started made a step fail; nothing more to report
  // Messages name the cause (busy port, slapd's stderr, the overlay's exit); stacks would bury it.
  console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
  void shutdown(1);
});
