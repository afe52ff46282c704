// The latency client of the auth benchmark, run as its own process (bench/load.ts starts it):
// raw sockets and a pre-built request, so that little of the measured time is the client's.
// wrk cannot hold a fixed rate (Debian ships wrk, not wrk2), so this one does, open-loop: request
// i is sent at start + i/rate whether or not earlier ones have been answered, as MediaMTX's
// clients arrive. Reads a LoadJob as JSON on stdin, writes a LoadResult as JSON on stdout.
import net from 'node:net';
import type { LoadJob, LoadResult } from './load.ts';

const job = JSON.parse(
  await new Promise<string>((resolve) => {
    let text = '';
    process.stdin
      .setEncoding('utf8')
      .on('data', (chunk: string) => (text += chunk))
      .on('end', () => resolve(text));
  }),
) as LoadJob;

const url = new URL(job.url);
const close = job.mode === 'new connection';
const requests = job.bodies.map((body) =>
  Buffer.from(
    `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n${close ? 'Connection: close\r\n' : ''}\r\n${body}`,
    'latin1',
  ),
);

/** Writes one request and resolves with the status once the whole answer is in. */
function exchange(socket: net.Socket, request: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    let data = '';
    const done = (error: Error | null, status = 0) => {
      socket.off('data', onData).off('error', onError).off('close', onClose);
      if (error) reject(error);
      else resolve(status);
    };
    const onData = (chunk: Buffer) => {
      data += chunk.toString('latin1');
      const head = data.indexOf('\r\n\r\n');
      if (head < 0) return;
      const headers = data.slice(0, head);
      const complete = /\r\ntransfer-encoding:\s*chunked/i.test(headers)
        ? data.endsWith('0\r\n\r\n')
        : data.length >= head + 4 + Number(/\r\ncontent-length:\s*(\d+)/i.exec(headers)?.[1] ?? 0);
      if (complete) done(null, Number(data.slice(9, 12)));
    };
    const onError = (error: Error) => done(error);
    const onClose = () => done(new Error('connection closed before the answer'));
    socket.on('data', onData).on('error', onError).on('close', onClose);
    socket.write(request);
  });
}

const connect = () => net.connect({ host: url.hostname, port: Number(url.port), noDelay: true });
const idle: net.Socket[] = [];

/** One request, timed from just before connecting (new connection) or writing (keep-alive). */
async function once(request: Buffer): Promise<{ ms: number; status: number; sent: number }> {
  const sent = performance.now();
  const socket = close ? connect() : (idle.pop() ?? connect());
  try {
    const status = await exchange(socket, request);
    const ms = performance.now() - sent;
    if (close) socket.destroy();
    else idle.push(socket);
    return { ms, status, sent };
  } catch (error) {
    socket.destroy();
    throw error;
  }
}

const result: LoadResult = { latencies: [], corrected: [], lagP99: 0, statuses: {}, errors: 0, sent: 0, seconds: 0, slow: [] };
const SLOW_MS = 5;
let origin = 0;
/** Slow answers with when they were sent, to tell a steady tail from bursts (GC, a timer's work). */
const noteSlow = (sent: number, ms: number) => {
  if (ms >= SLOW_MS && result.slow.length < 2_000) result.slow.push([Math.round(sent - origin), Math.round(ms * 10) / 10]);
};
const count = (status: number) => (result.statuses[status] = (result.statuses[status] ?? 0) + 1);

if (job.rate === undefined) {
  // Sequential: each body once, one at a time (the cold LDAP line: every user seen for the first time).
  const started = (origin = performance.now());
  for (const request of requests) {
    try {
      const { ms, status, sent } = await once(request);
      result.latencies.push(ms);
      noteSlow(sent, ms);
      count(status);
    } catch {
      result.errors++;
    }
  }
  result.sent = requests.length;
  result.seconds = (performance.now() - started) / 1000;
} else {
  const interval = 1000 / job.rate;
  const warmupCount = Math.round(job.rate * (job.warmupSeconds ?? 0));
  const total = warmupCount + Math.round(job.rate * job.seconds!);
  const lags: number[] = [];
  const pending = new Set<Promise<void>>();
  const start = performance.now() + 20;
  origin = start + warmupCount * interval;
  let next = 0;
  let lastDone = start;
  const fire = (i: number, scheduled: number) => {
    const request = requests[i % requests.length]!;
    const measured = i >= warmupCount;
    const p = once(request).then(
      ({ ms, status, sent }) => {
        lastDone = performance.now();
        if (!measured) return;
        result.latencies.push(ms);
        noteSlow(sent, ms);
        result.corrected.push(lastDone - scheduled);
        lags.push(sent - scheduled);
        count(status);
      },
      () => {
        if (measured) result.errors++;
      },
    );
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  await new Promise<void>((resolve) => {
    // setTimeout wakes about once a millisecond; each wake sends everything that is due by then.
    const tick = () => {
      const now = performance.now();
      for (; next < total && start + next * interval <= now; next++) fire(next, start + next * interval);
      if (next < total) setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
      else resolve();
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  await Promise.all(pending);
  result.sent = total - warmupCount;
  result.seconds = (lastDone - (start + warmupCount * interval)) / 1000;
  lags.sort((a, b) => a - b);
  result.lagP99 = lags[Math.max(0, Math.ceil(0.99 * lags.length) - 1)] ?? 0;
}

for (const socket of idle) socket.destroy();
// On a line of its own, so that anything else on stdout (node --trace-gc) cannot spoil it.
process.stdout.write(`\nRESULT ${JSON.stringify(result)}\n`);
