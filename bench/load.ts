// The auth benchmark's separate processes: the fixed-rate latency client (bench/load-client.ts)
// and server scripts (the floor, bench/floor-server.ts), all on this Node, each stopped by its PID.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ConnectionMode } from './wrk.ts';

const NODE_ARGS = ['--disable-warning=ExperimentalWarning'];
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export interface LoadJob {
  url: string;
  bodies: string[];
  mode: ConnectionMode;
  /** Requests per second, open-loop, for `seconds` after `warmupSeconds`; absent = each body once, one at a time. */
  rate?: number;
  seconds?: number;
  warmupSeconds?: number;
}

export interface LoadResult {
  /** Milliseconds from connecting (or writing, on a kept-alive connection) to the end of the answer. */
  latencies: number[];
  /** The same from the scheduled send time, so the client's own lateness counts too (rate runs only). */
  corrected: number[];
  /** How late the client sent, p99 (ms): small means the rate was held. */
  lagP99: number;
  statuses: Record<string, number>;
  errors: number;
  sent: number;
  seconds: number;
  /** [ms since the measured part began, latency ms] of each answer slower than 5 ms (the first 2,000). */
  slow: Array<[number, number]>;
}

export function runLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // BENCH_LOAD_CLIENT_FLAGS: node flags for the client only (e.g. --trace-gc, which NODE_OPTIONS refuses).
    const flags = process.env.BENCH_LOAD_CLIENT_FLAGS?.split(' ').filter(Boolean) ?? [];
    const child = spawn(process.execPath, [...NODE_ARGS, ...flags, here('./load-client.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`load client exited ${code}`));
      const other = out.split('\n').filter((line) => line && !line.startsWith('RESULT '));
      if (other.length) process.stderr.write(`${other.map((line) => `[load client] ${line}`).join('\n')}\n`);
      try {
        resolve(JSON.parse(/^RESULT (.*)$/m.exec(out)![1]!) as LoadResult);
      } catch {
        reject(new Error(`load client printed no result: ${out.slice(0, 300)}`));
      }
    });
    child.stdin.end(JSON.stringify(job));
  });
}

export interface ServerProcess {
  /** Its POST /auth/mediamtx. */
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts a bench server script that prints "PORT <n>" once listening and ends when its stdin closes. */
export function startServerProcess(file: string, env: NodeJS.ProcessEnv = process.env): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_ARGS, here(file)], { stdio: ['pipe', 'pipe', 'inherit'], env });
    const closed = new Promise<void>((done) => child.once('close', () => done()));
    child.on('error', reject);
    child.once('exit', (code) => reject(new Error(`${file} exited ${code} before listening`)));
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const port = /PORT (\d+)/.exec(out)?.[1];
      if (!port) return;
      resolve({
        url: `http://127.0.0.1:${port}/auth/mediamtx`,
        pid: child.pid!,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGTERM');
          await closed;
        },
      });
    });
  });
}

/** The floor: a bare node:http server answering 204 (bench/floor-server.ts). */
export const startFloor = () => startServerProcess('./floor-server.ts');
