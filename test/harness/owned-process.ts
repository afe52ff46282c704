/**
 * Servers the harness starts (slapd, redis-server) are owned by this process: stopped by PID, and
 * never left behind with their temp dirs, whether the test run ends, crashes or is SIGKILLed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';

interface Owned { dir: string; watchdog: ChildProcess }
const owned = new Map<ChildProcess, Owned>();
process.on('exit', () => {
  for (const [child, { dir, watchdog }] of owned) {
    if (isRunning(watchdog)) watchdog.kill('SIGKILL');
    if (isRunning(child)) child.kill('SIGKILL');
    try { rmSync(dir, { recursive: true, force: true }); } catch { /* best effort */ }
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
  child.once('exit', () => { if (isRunning(watchdog)) watchdog.kill('SIGKILL'); });
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
