/**
 * A throwaway Redis for tests: its own temp dir, loopback port and redis-server child process that we
 * own by PID. Nothing is persisted (no RDB, no AOF).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import getPort from 'get-port';
import { killAndWait, own } from './owned-process.ts';

export interface RedisServer {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';
const READY_TIMEOUT_MS = 10_000;
const PORT_ATTEMPTS = 3;

export async function startRedis(): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'overlay-redis-'));
  try {
    const { child, port } = await launch(dir);
    const pid = child.pid!;
    const stop = own('redis', child, dir);
    return { url: `redis://127.0.0.1:${port}`, port, pid, stop };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

async function launch(dir: string): Promise<{ child: ChildProcess; port: number }> {
  let lastError: unknown;
  // getPort only proves the port was free a moment ago; another server may grab it first, so retry.
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
    const port = await getPort({ host: '127.0.0.1' });
    const child = spawn(REDIS_SERVER, [
      '--save', '', '--appendonly', 'no', '--port', String(port), '--bind', '127.0.0.1',
      '--daemonize', 'no', '--dir', dir, '--logfile', '',
    ], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: string) => { output = (output + chunk).slice(-4000); };
    child.stdout!.setEncoding('utf8').on('data', collect);
    child.stderr!.setEncoding('utf8').on('data', collect);
    try {
      await waitUntilReady(child, port, () => output);
      return { child, port };
    } catch (err) {
      lastError = err;
      await killAndWait(child);
    }
  }
  throw lastError;
}

async function waitUntilReady(child: ChildProcess, port: number, output: () => string): Promise<void> {
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (err) => reject(new Error(`could not run ${REDIS_SERVER}: ${err.message}`)));
    child.once('exit', (code, signal) =>
      reject(new Error(`redis-server exited early (code ${code}, signal ${signal}) on port ${port}:\n${output()}`)));
  });
  exited.catch(() => {}); // observed below; avoid an unhandled rejection once we stop listening
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await Promise.race([ping(port), exited])) return;
    await Promise.race([new Promise((r) => setTimeout(r, 50)), exited]);
  }
  throw new Error(`redis-server did not answer PING on port ${port} within ${READY_TIMEOUT_MS} ms:\n${output()}`);
}

/** A raw inline PING, so the harness does not depend on the client library under test. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      reply += chunk;
      // "-LOADING" and friends mean it is up but not ready yet.
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}
