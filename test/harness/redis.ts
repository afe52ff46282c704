/**
 * A throwaway Redis for tests: its own temp dir, loopback port and redis-server child process that we
 * own by PID. Nothing is persisted (no RDB, no AOF).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchOnFreePort, own } from './owned-process.ts';

export interface RedisServer {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';

export async function startRedis(): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'overlay-redis-'));
  try {
    const { child, port } = await launchOnFreePort({
      name: 'redis-server',
      command: REDIS_SERVER,
      args: (port) => ['--save', '', '--appendonly', 'no', '--port', String(port), '--bind', '127.0.0.1', '--daemonize', 'no', '--dir', dir, '--logfile', ''],
      cwd: dir,
      ready: ping,
    });
    const pid = child.pid!;
    const stop = own('redis', child, dir);
    return { url: `redis://127.0.0.1:${port}`, port, pid, stop };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** A raw inline PING, so the harness does not depend on the client library under test. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
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
