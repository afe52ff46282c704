// /api/streams benchmark: the editor's Active Streams list straight from the stand-in editor (the
// baseline) vs. through the overlay as a viewer (filtered, playback token added) and as an admin
// (every stream annotated), at 100, 1,000 and 10,000 streams, sequential and 4 at a time.
// Run: node --disable-warning=ExperimentalWarning bench/streams.ts   (prints a table; no assertions)
import { fileURLToPath } from 'node:url';
import { compileRules } from '../server/rules/compile.ts';
import { visiblePaths } from '../server/policy/may.ts';
import { closeClient, measure, percentile, timedGet, type Target } from './http-timing.ts';
import { startBenchStack } from './stack.ts';
import { activeStreams, benchRules } from './streams-data.ts';

export interface StreamsBenchRow {
  streams: number;
  concurrency: number;
  via: 'direct' | 'viewer' | 'admin';
  samples: number;
  p50: number;
  p99: number;
  /** This row / the direct row of the same size and concurrency (1 for direct). */
  ratioP50: number;
  ratioP99: number;
  /** Milliseconds over the direct row (0 for direct). */
  addedP50: number;
  addedP99: number;
  requestsPerSecond: number;
  /** Streams in the answer and its size. */
  returned: number;
  kb: number;
}

/** The overlay's fixed cost: a small editor answer it forwards untouched, vs. the same answer direct. */
export interface PassThroughResult {
  route: string;
  samples: number;
  bytes: number;
  direct: { p50: number; p99: number };
  overlay: { p50: number; p99: number };
}

export interface StreamsBenchResult {
  rows: StreamsBenchRow[];
  passThrough: PassThroughResult;
}

export const SIZES = [100, 1_000, 10_000];
const CONCURRENCY = [1, 4];
/** Per size: timed requests per target and concurrency, and untimed ones before them. */
export const SAMPLES: Record<number, { samples: number; warmup: number }> = {
  100: { samples: 500, warmup: 50 },
  1_000: { samples: 500, warmup: 50 },
  10_000: { samples: 200, warmup: 12 },
};

// The overlay's defaults (DEFAULT_GROUPS, ADMIN_GROUPS, GROUP_PREFIX), to check its answers against the engine.
const policy = { defaultGroups: ['vid_public', 'vid_private'], adminGroups: ['vid_admin', 'authentik Admins'], groupPrefix: 'vid_' };

/** One answer per target, checked, so the timings below are of the right work. Returns stream counts. */
async function check(targets: { direct: Target; viewer: Target; admin: Target }, size: number): Promise<Record<string, number>> {
  const names = activeStreams(size).map((s) => s.name);
  const rules = benchRules().map((r) => ({ ...r, updatedBy: 'bench', updatedAt: '' }));
  const expected = visiblePaths({ groups: ['vid_public'] }, names, compileRules(rules, policy));
  const counts: Record<string, number> = {};
  for (const target of Object.values(targets)) {
    const { status, body } = await timedGet(target, true);
    if (status !== 200) throw new Error(`${target.name}: HTTP ${status} ${body!.toString('utf8').slice(0, 200)}`);
    const streams = (JSON.parse(body!.toString('utf8')) as { streams: Array<{ name: string; hls_url: string; access?: unknown }> }).streams;
    const wrong =
      target.name === 'viewer'
        ? streams.length !== expected.length || streams.some((s, i) => s.name !== expected[i] || !/[?&]token=/.test(s.hls_url))
        : streams.length !== size || (target.name === 'admin' && streams.some((s) => s.access === undefined));
    if (wrong) throw new Error(`${target.name} at ${size} streams: unexpected answer (${streams.length} streams)`);
    counts[target.name] = streams.length;
  }
  return counts;
}

/** Admins' GET /api/hlsviewer-credential goes to the editor and back unchanged (62 bytes). */
const PASS_THROUGH_ROUTE = '/api/hlsviewer-credential';

async function passThrough(direct: Target, admin: Target): Promise<PassThroughResult> {
  const onRoute = (target: Target) => ({ ...target, url: target.url.replace('/api/streams', PASS_THROUGH_ROUTE) });
  const results = await measure([onRoute(direct), onRoute(admin)], { samples: 500, warmup: 50, concurrency: 1 });
  const summary = (name: string) => {
    const { latencies } = results.get(name)!;
    return { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
  };
  return { route: PASS_THROUGH_ROUTE, samples: 500, bytes: results.get('direct')!.bytes, direct: summary('direct'), overlay: summary('admin') };
}

export async function run(options: { log?: (line: string) => void } = {}): Promise<StreamsBenchResult> {
  const log = options.log ?? (() => {});
  const stack = await startBenchStack();
  log(`stack up: overlay ${stack.overlayUrl}, ${stack.ruleCount} rules`);
  const rows: StreamsBenchRow[] = [];
  try {
    const { direct, viewer, admin } = stack.targets;
    const hop = await passThrough(direct, admin);
    for (const size of SIZES) {
      stack.editor.setFixedStreams(activeStreams(size));
      const counts = await check(stack.targets, size);
      for (const concurrency of CONCURRENCY) {
        const started = performance.now();
        const results = await measure([direct, viewer, admin], { ...SAMPLES[size]!, concurrency });
        log(`${size} streams, concurrency ${concurrency}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
        const base = results.get('direct')!;
        const [baseP50, baseP99] = [percentile(base.latencies, 0.5), percentile(base.latencies, 0.99)];
        for (const [via, samples] of results) {
          const [p50, p99] = [percentile(samples.latencies, 0.5), percentile(samples.latencies, 0.99)];
          rows.push({
            streams: size,
            concurrency,
            via: via as StreamsBenchRow['via'],
            samples: samples.latencies.length,
            p50,
            p99,
            ratioP50: p50 / baseP50,
            ratioP99: p99 / baseP99,
            addedP50: p50 - baseP50,
            addedP99: p99 - baseP99,
            requestsPerSecond: (samples.latencies.length / samples.wallMs) * 1000,
            returned: counts[via]!,
            kb: samples.bytes / 1024,
          });
        }
      }
    }
    return { rows, passThrough: hop };
  } finally {
    closeClient();
    await stack.stop();
  }
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
const signedMs = (value: number) => `${value >= 0 ? '+' : '−'}${ms(Math.abs(value))}`;

export function formatPassThrough(hop: PassThroughResult): string {
  const added = (key: 'p50' | 'p99') => signedMs(hop.overlay[key] - hop.direct[key]);
  return (
    `pass-through (${hop.route} as admin, ${hop.bytes}-byte answer forwarded unchanged, ${hop.samples} sequential): ` +
    `direct p50 ${ms(hop.direct.p50)} / p99 ${ms(hop.direct.p99)}, overlay p50 ${ms(hop.overlay.p50)} / p99 ${ms(hop.overlay.p99)}, added ${added('p50')} / ${added('p99')}`
  );
}

export function formatTable(rows: readonly StreamsBenchRow[]): string {
  const header = ['streams', 'conc', 'via', 'n', 'p50', 'p99', '×p50', '×p99', 'added p50', 'added p99', 'req/s', 'answer'];
  const body = rows.map((row) => {
    const baseline = row.via === 'direct';
    return [
      row.streams.toLocaleString('en-US'),
      String(row.concurrency),
      row.via,
      String(row.samples),
      ms(row.p50),
      ms(row.p99),
      baseline ? '' : `${row.ratioP50.toFixed(2)}×`,
      baseline ? '' : `${row.ratioP99.toFixed(2)}×`,
      baseline ? '' : signedMs(row.addedP50),
      baseline ? '' : signedMs(row.addedP99),
      row.requestsPerSecond.toFixed(0),
      `${row.returned.toLocaleString('en-US')} / ${row.kb.toFixed(0)} KB`,
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(line)].join('\n');
}

if (import.meta.main ?? process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const result = await run({ log: (line) => console.error(line) });
  console.log(`${formatTable(result.rows)}\n\n${formatPassThrough(result.passThrough)}`);
  console.log(`\n${((performance.now() - started) / 1000).toFixed(1)} s. × and added are against the direct row of the same size and concurrency.`);
}
