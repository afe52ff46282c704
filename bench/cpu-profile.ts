// Reads a V8 .cpuprofile (node --cpu-prof) and says where the time went: self time by area
// (our code, each package, Node's internals, GC) and inclusive time of the heaviest functions.
// Run: node --disable-warning=ExperimentalWarning bench/cpu-profile.ts <file.cpuprofile> [top]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface Profile {
  /** Microseconds on the monotonic clock that process.hrtime also reads. */
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** node_modules/<pkg> (or @scope/pkg), node:internal, our own folder, or V8's pseudo-frames. */
export function area(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith('node:')) return 'node internals';
  const local = url.replace(/^file:\/\//, '').replace(ROOT, '');
  return local.split('/').slice(0, 2).join('/');
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url
    ? `${url
        .replace(/^file:\/\//, '')
        .replace(ROOT, '')
        .replace(/^.*node_modules\//, '')}:${lineNumber + 1}`
    : '';
  return `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
}

/**
 * The share of busy time (within `window`) whose stack holds a frame matching each pattern, which
 * is tested against "<function> <file>:<line>" (the file relative to the project or node_modules).
 */
export function frameShares(profile: Profile, patterns: Record<string, RegExp>, window = { fromUs: -Infinity, toUs: Infinity }): Array<[string, number]> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const totals = new Map(Object.keys(patterns).map((k) => [k, 0]));
  let busy = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    at += us;
    if (at < window.fromUs || at > window.toUs || byId.get(id)!.callFrame.functionName === '(idle)') return;
    busy += us;
    const frames: string[] = [];
    for (let frame: number | undefined = id; frame !== undefined; frame = parent.get(frame)) frames.push(label(byId.get(frame)!));
    for (const [name, pattern] of Object.entries(patterns)) if (frames.some((f) => pattern.test(f))) totals.set(name, totals.get(name)! + us);
  });
  return [...totals].map(([name, us]) => [name, us / busy]);
}

/** Monotonic now in µs, comparable with a profile's sample times (V8 and libuv both read CLOCK_MONOTONIC). */
export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** `window` (monotonic µs) keeps only the samples taken while the load ran: no start-up, no shutdown. */
export function summarizeProfile(profile: Profile, options: { top?: number; window?: { fromUs: number; toUs: number } } = {}): string {
  const top = options.top ?? 25;
  const window = options.window ?? { fromUs: -Infinity, toUs: Infinity };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    at += us;
    if (at < window.fromUs || at > window.toUs) return;
    total += us;
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') {
      idle += us;
      return;
    }
    const selfArea = area(node.callFrame.url, node.callFrame.functionName);
    self.set(selfArea, (self.get(selfArea) ?? 0) + us);
    const seen = new Set<string>();
    for (let frame: number | undefined = id; frame !== undefined; frame = parent.get(frame)) {
      const key = label(byId.get(frame)!);
      if (seen.has(key) || key.startsWith('(root)')) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  });
  const busy = total - idle;
  const pct = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)}%`;
  const rank = (map: Map<string, number>, n: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
  return [
    `busy ${(busy / 1e6).toFixed(2)} s of ${(total / 1e6).toFixed(2)} s profiled (percentages are of busy time)`,
    '',
    'self time by area:',
    ...rank(self, 15).map(([k, us]) => `  ${pct(us)}  ${k}`),
    '',
    'inclusive time, heaviest functions:',
    ...rank(inclusive, top).map(([k, us]) => `  ${pct(us)}  ${k}`),
  ].join('\n');
}

if (import.meta.main ?? process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: bench/cpu-profile.ts <file.cpuprofile> [top]');
  console.log(summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile, { top: Number(process.argv[3] ?? 25) }));
}
