// Peak throughput with Debian's wrk (C, epoll): far less CPU per request than any Node client,
// which matters when the generator and the server share 2 cores. One thread, a Lua script that
// cycles through pre-formatted POSTs, and a done() hook that prints the numbers as JSON.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type ConnectionMode = 'new connection' | 'keep-alive';

export interface WrkResult {
  requestsPerSecond: number;
  requests: number;
  /** Answers that were not 2xx/3xx; every answer here should be 204. */
  non2xx: number;
  /** Socket errors (connect, read, write, timeout). */
  socketErrors: number;
  /** wrk's own latency (µs → ms): from writing the request, so without the connect. */
  p50: number;
  p99: number;
}

function have(command: string): boolean {
  try {
    execFileSync('/bin/sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Installs wrk from Debian when missing (the workplace runs as root; otherwise through sudo). */
export function ensureWrk(log: (line: string) => void): void {
  if (have('wrk')) return;
  log('wrk is missing: apt-get install -y wrk');
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  execFileSync(
    '/bin/sh',
    [
      '-c',
      `${sudo}apt-get install -y -qq --no-install-recommends wrk >/dev/null 2>&1 || { ${sudo}apt-get update -qq && ${sudo}apt-get install -y -qq --no-install-recommends wrk >/dev/null; }`,
    ],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    },
  );
  if (!have('wrk')) throw new Error('could not install wrk');
}

// Long brackets need no escaping; a body never contains "]==]".
const luaString = (text: string) => {
  if (text.includes(']==]')) throw new Error('body contains ]==]');
  return `[==[${text}]==]`;
};

function script(path: string, bodies: readonly string[], mode: ConnectionMode): string {
  const connection = mode === 'new connection' ? `, ["Connection"] = "close"` : '';
  return `local bodies = {
${bodies.map((b) => `  ${luaString(b)},`).join('\n')}
}
local requests = {}
local n = 0
init = function(args)
  for i, body in ipairs(bodies) do
    requests[i] = wrk.format("POST", ${luaString(path)}, { ["Content-Type"] = "application/json"${connection} }, body)
  end
end
request = function()
  n = n % #requests + 1
  return requests[n]
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('\\nRESULT {"requests":%d,"us":%d,"status":%d,"socket":%d,"p50":%d,"p99":%d}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
`;
}

/** One wrk run: `connections` connections on 1 thread for `seconds`. */
export async function runWrk(options: {
  url: string;
  bodies: readonly string[];
  mode: ConnectionMode;
  connections: number;
  seconds: number;
}): Promise<WrkResult> {
  const dir = await mkdtemp(join(tmpdir(), 'overlay-wrk-'));
  try {
    const url = new URL(options.url);
    const file = join(dir, 'auth.lua');
    await writeFile(file, script(url.pathname, options.bodies, options.mode));
    const args = ['-t1', `-c${options.connections}`, `-d${options.seconds}s`, '--timeout', '5s', '-s', file, url.origin];
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`wrk ${args.join(' ')} exited ${code}:\n${out}`))));
    });
    const line = /^RESULT (.*)$/m.exec(output);
    if (!line) throw new Error(`wrk printed no result:\n${output}`);
    const r = JSON.parse(line[1]!) as { requests: number; us: number; status: number; socket: number; p50: number; p99: number };
    return {
      requestsPerSecond: r.requests / (r.us / 1e6),
      requests: r.requests,
      non2xx: r.status,
      socketErrors: r.socket,
      p50: r.p50 / 1000,
      p99: r.p99 / 1000,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
