/**
 * Servers the harness starts (slapd, redis-server, caddy) are owned by this process: stopped by PID, and
 * never left behind with their temp dirs, whether the test run ends, crashes or is SIGKILLed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import getPort from 'get-port';

interface Owned {
  dir: string;
  watchdog: ChildProcess;
}
const owned = new Map<ChildProcess, Owned>();
process.on('exit', () => {
  for (const [child, { dir, watchdog }] of owned) {
    if (isRunning(watchdog)) watchdog.kill('SIGKILL');
    if (isRunning(child)) child.kill('SIGKILL');
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  }
});

const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/**
 * 'exit' handlers do not run when this process is SIGKILLed (e.g. a hung vitest worker). We hold
 * the write end of the watchdog's stdin; when we die, its read hits EOF and it kills the server
 * and removes its temp dir.
 */
function startWatchdog(name: string, pid: number, dir: string): ChildProcess {
  const script = 'read _ignored; kill -KILL "$1" 2>/dev/null; rm -rf "$2"';
  const watchdog = spawn('/bin/sh', ['-c', script, `${name}-watchdog`, String(pid), dir], { stdio: ['pipe', 'ignore', 'ignore'] });
  watchdog.on('error', () => {}); // missing /bin/sh only loses the crash safety net
  return watchdog;
}

/** Takes ownership of a started server; returns the function that stops it (idempotent). */
export function own(name: string, child: ChildProcess, dir: string): () => Promise<void> {
  const watchdog = startWatchdog(name, child.pid!, dir);
  child.once('exit', () => {
    if (isRunning(watchdog)) watchdog.kill('SIGKILL');
  });
  owned.set(child, { dir, watchdog });
  return () => stopOwned(child);
}

export async function killAndWait(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!isRunning(child)) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await gone;
  clearTimeout(timer);
}

async function stopOwned(child: ChildProcess): Promise<void> {
  const running = owned.get(child);
  if (!running) return; // already stopped
  owned.delete(child);
  // Watchdog first, so it can never fire at a PID the server no longer owns.
  await killAndWait(running.watchdog, 'SIGKILL');
  await killAndWait(child);
  await rm(running.dir, { recursive: true, force: true });
}

export interface LaunchSpec {
  /** For messages: "slapd", "redis-server". */
  name: string;
  command: string;
  args(port: number): string[];
  cwd?: string;
  /** The server's environment, when it is configured by one (inherits this process's otherwise). */
  env?(port: number): NodeJS.ProcessEnv;
  /** A server started elsewhere may come back on this port; otherwise a free one is picked. */
  fixedPort?: number;
  /** One readiness check: true once the server answers as it should. */
  ready(port: number): Promise<boolean>;
}

const READY_TIMEOUT_MS = 10_000;
const PORT_ATTEMPTS = 3;

/**
 * Starts a server on a loopback port and waits until it answers. getPort only proves a port was
 * free a moment ago; another server may take it first, so a failed start is retried on a new one.
 */
export async function launchOnFreePort(spec: LaunchSpec): Promise<{ child: ChildProcess; port: number }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < (spec.fixedPort ? 1 : PORT_ATTEMPTS); attempt++) {
    const port = spec.fixedPort ?? (await getPort({ host: '127.0.0.1' }));
    const child = spawn(spec.command, spec.args(port), { cwd: spec.cwd, env: spec.env?.(port), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: string) => {
      output = (output + chunk).slice(-4000);
    };
    child.stdout!.setEncoding('utf8').on('data', collect);
    child.stderr!.setEncoding('utf8').on('data', collect);
    try {
      await waitUntilReady(spec, child, port, () => output);
      return { child, port };
    } catch (err) {
      lastError = err;
      await killAndWait(child);
    }
  }
  throw lastError;
}

async function waitUntilReady(spec: LaunchSpec, child: ChildProcess, port: number, output: () => string): Promise<void> {
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (err) => reject(new Error(`could not run ${spec.command}: ${err.message}`)));
    child.once('exit', (code, signal) => reject(new Error(`${spec.name} exited early (code ${code}, signal ${signal}) on port ${port}:\n${output()}`)));
  });
  exited.catch(() => {}); // observed below; avoid an unhandled rejection once we stop listening
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await Promise.race([spec.ready(port), exited])) return;
    await Promise.race([new Promise((r) => setTimeout(r, 50)), exited]);
  }
  throw new Error(`${spec.name} did not become ready on port ${port} within ${READY_TIMEOUT_MS} ms:\n${output()}`);
}
