// The activity log's cost to an admin (issue 15): how much longer a change through the editor takes
// through the overlay, which records it, than the same change sent to the stand-in editor itself.
// A YAML save is read before and after (GET /get_yaml as the overlay's admin account) for its diff;
// a restart is only recorded; GET /get_yaml is not recorded at all and shows what the proxy alone
// costs. Requests go one at a time (saves are not concurrent in practice), the three pairs
// interleaved round by round, each answer read to its last byte, with a pause after each so the
// overlay has written the entry before the next request (else that one would wait on it: the
// overlay is one thread and the SQLite store's write waits for the disk).
// Part of `npm run bench`; `npm run bench -- activity` runs it alone and replaces its section of RESULTS.md.
import http from 'node:http';
import { setTimeout } from 'node:timers/promises';
import { parse, stringify } from 'yaml';
import { asForwardAuthUser } from '../test/harness/stack.ts';
import { percentile } from './http-timing.ts';
import { editorSession, startBenchStack } from './stack.ts';

export const ROUNDS = 300;
export const WARMUP = 30;
/** Idle time after each request, long enough for the entry's write to finish (it is not timed). */
const SETTLE_MS = 25;

interface Call {
  change: string;
  method: 'GET' | 'POST';
  path: string;
  /** The form the request sends (a YAML save's whole file). */
  form?: () => URLSearchParams;
}

export interface ActivityRow {
  change: string;
  recorded: string;
  direct: { p50: number; p90: number };
  overlay: { p50: number; p90: number };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function send(url: string, call: Call, headers: Record<string, string>): Promise<{ ms: number; status: number }> {
  const body = call.form ? call.form().toString() : '';
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(
      url + call.path,
      {
        method: call.method,
        agent,
        headers: { ...headers, ...(body && { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) }) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ ms: performance.now() - started, status: res.statusCode ?? 0 }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function run(options: { log?: (line: string) => void } = {}): Promise<ActivityRow[]> {
  const log = options.log ?? (() => {});
  const stack = await startBenchStack({ rules: [] });
  try {
    const config = parse(stack.editor.config) as Record<string, unknown>;
    let saves = 0;
    // Each save changes one key, so every recorded save has a diff of one line to work out.
    const yamlForm = () => new URLSearchParams({ yaml_content: stringify({ ...config, readTimeout: `${10 + (saves++ % 50)}s` }), current_tab: 'advanced' });
    const calls: Array<Call & { recorded: string }> = [
      { change: 'YAML save', method: 'POST', path: '/save_yaml', form: yamlForm, recorded: 'yes, with the config read before and after' },
      { change: 'restart MediaMTX', method: 'POST', path: '/service/restart', recorded: 'yes' },
      { change: 'GET /get_yaml', method: 'GET', path: '/get_yaml', recorded: 'no (a read)' },
    ];
    const cookie = await editorSession(stack.editor.url, 'admin');
    const direct = { url: stack.editor.url, headers: { cookie } };
    const overlay = { url: stack.overlayUrl, headers: { ...asForwardAuthUser('demo-admin'), origin: stack.overlayUrl } };
    const times = new Map(calls.map((c) => [c.change, { direct: [] as number[], overlay: [] as number[] }]));
    log(`${calls.length} requests × ${ROUNDS} rounds after ${WARMUP} warm-up, one at a time, direct and through the overlay in turn`);
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      for (const call of calls) {
        for (const [side, target] of [
          ['direct', direct],
          ['overlay', overlay],
        ] as const) {
          const { ms, status } = await send(target.url, call, target.headers);
          if (status >= 400) throw new Error(`${call.change} (${side}): HTTP ${status}`);
          if (round >= WARMUP) times.get(call.change)![side].push(ms);
          await setTimeout(SETTLE_MS);
        }
      }
    }
    const recorded = await fetch(`${stack.overlayUrl}/_overlay/api/activity?limit=1`, { headers: overlay.headers }).then(
      (r) => r.json() as Promise<{ total: number }>,
    );
    log(`${recorded.total} entries recorded (expected ${2 * (WARMUP + ROUNDS)})`);
    return calls.map((call) => {
      const t = times.get(call.change)!;
      const stats = (values: number[]) => ({ p50: percentile(values, 0.5), p90: percentile(values, 0.9) });
      return { change: call.change, recorded: call.recorded, direct: stats(t.direct), overlay: stats(t.overlay) };
    });
  } finally {
    agent.destroy();
    await stack.stop();
  }
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

export function formatTable(rows: readonly ActivityRow[]): string {
  const header = ['change', 'recorded', 'direct p50', 'overlay p50', 'overlay/direct', 'extra p50', 'direct p90', 'overlay p90'];
  const lines = rows.map((r) => [
    r.change,
    r.recorded,
    ms(r.direct.p50),
    ms(r.overlay.p50),
    `${(r.overlay.p50 / r.direct.p50).toFixed(2)}×`,
    `+${ms(r.overlay.p50 - r.direct.p50)}`,
    ms(r.direct.p90),
    ms(r.overlay.p90),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [row(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(row)].join('\n');
}

export function activityMarkdown(rows: readonly ActivityRow[], measuredAt: string): string {
  return `## Activity log: what recording a change costs

\`bench/activity.ts\`, measured ${measuredAt} UTC. An admin's change sent to the stand-in editor
itself (the baseline) and through the overlay, which records it; ${ROUNDS} rounds after ${WARMUP}
warm-up, one request at a time, direct and overlay in turn, ${SETTLE_MS} ms apart. A YAML save waits for
one extra editor round trip (\`GET /get_yaml\` before it, for the diff); the read after it and the
store's write come once the answer has been sent, so a restart only pays for being recorded at
all; \`GET /get_yaml\` is not recorded and shows the proxy alone. Without the pause, a request sent
right after a recorded change waits a few ms for that entry's write (SQLite waits for the disk on
the overlay's one thread): measured before the pause was added, a restart's extra p50 went from
+0.9 ms (not recorded) to +3.7 ms.

\`\`\`
${formatTable(rows)}
\`\`\`
`;
}
