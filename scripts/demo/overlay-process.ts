/**
 * The overlay as a child process started exactly like `npm start`, so the demo exercises the real
 * entry point (config validation, logging, signal handling) rather than an in-process copy.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';

export interface OverlayProcess {
  pid: number;
  url: string;
  /** Resolves once GET /healthz answers 200; rejects if the child exits or never gets healthy. */
  ready(timeoutMs?: number): Promise<void>;
  /** Called once if the child exits while we did not ask it to. */
  onUnexpectedExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  stop(): Promise<void>;
}

const ENTRY_ARGS = ['--disable-warning=ExperimentalWarning', 'server/main.ts'];
const STOP_GRACE_MS = 5_000;

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

function prefixLines(from: NodeJS.ReadableStream, to: Writable, prefix: string): void {
  createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => to.write(`${prefix}${line}\n`));
}

/**
 * Our SIGINT/SIGTERM handlers cover normal stops, but not a SIGKILLed demo. We hold the write end
 * of this shell's stdin; when we die it reads EOF and terminates the overlay.
 */
function startWatchdog(pid: number): ChildProcess {
  const watchdog = spawn('/bin/sh', ['-c', 'read _ignored; kill -TERM "$1" 2>/dev/null', 'overlay-watchdog', String(pid)], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true, // keep terminal Ctrl-C away from it; we stop it ourselves
  });
  watchdog.on('error', () => {}); // without /bin/sh we only lose the crash safety net
  return watchdog;
}

/** Resolves on 'close' (not 'exit'), so every piped log line is printed before we move on. */
function closedPromise(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => child.once('close', () => resolve()));
}

async function killAndWait(child: ChildProcess, closed: Promise<void>, signal: NodeJS.Signals): Promise<void> {
  if (child.pid === undefined) return; // never started, so no 'close' will come
  if (running(child)) child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await closed;
  clearTimeout(timer);
}

export function spawnOverlay(options: { cwd: string; env: NodeJS.ProcessEnv; port: number }): OverlayProcess {
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn(process.execPath, ENTRY_ARGS, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: a terminal Ctrl-C reaches only the demo, which then stops the overlay in
    // order, so its exit is never mistaken for a crash.
    detached: true,
  });
  child.on('error', () => {}); // a failed spawn leaves pid unset, reported just below
  if (child.pid === undefined) throw new Error(`could not start the overlay with ${process.execPath}`);
  const pid = child.pid;
  const childClosed = closedPromise(child);
  prefixLines(child.stdout!, process.stdout, '[overlay] ');
  prefixLines(child.stderr!, process.stderr, '[overlay] ');
  const watchdog = startWatchdog(pid);
  const watchdogClosed = closedPromise(watchdog);

  let stopping = false;
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code, signal) =>
      reject(new Error(`the overlay exited (code ${code}, signal ${signal}) before answering ${url}/healthz; see the [overlay] lines above`)),
    );
  });
  exited.catch(() => {}); // only observed while waiting for readiness

  return {
    pid,
    url,
    async ready(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let last = 'no answer yet';
      while (Date.now() < deadline) {
        const probe = fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
          async (res) => {
            last = `${res.status} ${await res.text()}`;
            return res.status === 200;
          },
          (error: Error) => {
            last = error.message;
            return false;
          },
        );
        if (await Promise.race([probe, exited])) return;
        await Promise.race([new Promise((r) => setTimeout(r, 200)), exited]);
      }
      throw new Error(`the overlay did not become healthy at ${url}/healthz within ${timeoutMs} ms (last: ${last})`);
    },
    onUnexpectedExit(listener) {
      child.once('exit', (code, signal) => {
        if (!stopping) listener(code, signal);
      });
    },
    async stop() {
      stopping = true;
      // Watchdog first, so it can never fire at a PID the overlay no longer owns.
      await killAndWait(watchdog, watchdogClosed, 'SIGKILL');
      await killAndWait(child, childClosed, 'SIGTERM');
    },
  };
}
