// The load generator: plain node:http with keep-alive (lighter than fetch, so less of the
// measured time is the client's), and the same client for the baseline and the overlay.
import http from 'node:http';

export interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
}

export interface Samples {
  /** Milliseconds per request, from sending it to the last byte of the answer. */
  latencies: number[];
  /** Wall time of this target's blocks, for throughput. */
  wallMs: number;
  /** Body size of the last answer. */
  bytes: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

export function closeClient(): void {
  agent.destroy();
}

/** One GET; resolves with the time to the last byte and the body (kept only if asked for). */
export function timedGet(target: Target, keepBody = false): Promise<{ ms: number; status: number; body: Buffer | null; bytes: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.get(target.url, { agent, headers: target.headers }, (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (keepBody) chunks.push(chunk);
      });
      res.on('end', () => resolve({ ms: performance.now() - started, status: res.statusCode ?? 0, body: keepBody ? Buffer.concat(chunks) : null, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** `count` requests from `concurrency` workers; a non-200 answer stops the run (it would time an error page). */
async function block(target: Target, count: number, concurrency: number, into: Samples): Promise<void> {
  let left = count;
  const worker = async () => {
    while (left > 0) {
      left--;
      const { ms, status, bytes } = await timedGet(target);
      if (status !== 200) throw new Error(`${target.name}: HTTP ${status} from ${target.url}`);
      into.latencies.push(ms);
      into.bytes = bytes;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  into.wallMs += performance.now() - started;
}

/**
 * `samples` requests per target, interleaved in small blocks (A, B, C, A, B, C ...) so that a
 * slow spell of the shared machine lands on every target instead of skewing one of them.
 */
export async function measure(targets: readonly Target[], options: { samples: number; warmup: number; concurrency: number }): Promise<Map<string, Samples>> {
  const results = new Map(targets.map((t) => [t.name, { latencies: [], wallMs: 0, bytes: 0 } as Samples]));
  for (const target of targets) await block(target, options.warmup, options.concurrency, { latencies: [], wallMs: 0, bytes: 0 });
  const blockSize = 10 * options.concurrency;
  for (let done = 0; done < options.samples; done += blockSize) {
    const size = Math.min(blockSize, options.samples - done);
    for (const target of targets) await block(target, size, options.concurrency, results.get(target.name)!);
  }
  return results;
}

/** Nearest-rank percentile (p in 0..1) of unsorted values. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}
