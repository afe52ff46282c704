// bench/RESULTS.md: what was measured, against what, on which machine, and whether the issue's
// targets were met. Written from the rows of one run; nothing here asserts anything.
import { authMarkdown, authTargetLines, type AuthBenchResult } from './auth-report.ts';
import { machineDescription } from './machine.ts';
import { formatGlobTable, formatRegexTable, PATHOLOGICAL, SIMPLE, type RegexEngineResult } from './regex-engine.ts';
import { formatTable as formatRules, type RulesBenchRow } from './rules-eval.ts';
import { formatPassThrough, formatTable as formatStreams, SAMPLES, type StreamsBenchResult, type StreamsBenchRow } from './streams.ts';

const ms = (value: number) => `${value.toFixed(2)} ms`;
const ns = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} µs` : `${value.toFixed(0)} ns`);
const verdict = (met: boolean) => (met ? '**met**' : '**not met**');

/** One line per target of the issue, with the number that decides it. */
export function targetLines(streams: readonly StreamsBenchRow[], rules: readonly RulesBenchRow[]): string[] {
  const row = (via: StreamsBenchRow['via']) => streams.find((r) => r.streams === 1_000 && r.concurrency === 1 && r.via === via)!;
  const viewer = row('viewer');
  const admin = row('admin');
  const lookup = (rulesCount: number, kind: RulesBenchRow['case']) => rules.find((r) => r.rules === rulesCount && r.case === kind)!.lookupNs;
  const growth = (kind: RulesBenchRow['case']) => lookup(10_000, kind) / lookup(100, kind);
  const exactGrowth = growth('exact hit');
  const patterns = (['glob hit', 'regex hit', 'default'] as const).map((kind) => ({ kind, growth: growth(kind) }));
  return [
    `- Filtering adds < 2 ms at p99 for 1,000 streams: ${verdict(viewer.addedP99 < 2)}. Viewer (filtered, tokens): ${viewer.addedP99 >= 0 ? '+' : ''}${ms(viewer.addedP99)} at p99, ` +
      `${viewer.addedP50 >= 0 ? '+' : ''}${ms(viewer.addedP50)} at p50 (${viewer.ratioP50.toFixed(2)}× the direct p50); admin (annotated): ${admin.addedP99 >= 0 ? '+' : ''}${ms(admin.addedP99)} at p99. Sequential requests.`,
    `- Exact-path lookups O(1): ${verdict(exactGrowth <= 2)}. ${ns(lookup(100, 'exact hit'))} at 100 rules, ${ns(lookup(10_000, 'exact hit'))} at 10,000 ` +
      `(${exactGrowth.toFixed(2)}× for 100× the rules; counted as met within 2×).`,
    `- Patterns no worse than linear: ${verdict(patterns.every((p) => p.growth <= 100))}. Lookup time from 100 to 10,000 rules grows ` +
      `${patterns.map((p) => `${p.growth.toFixed(1)}× (${p.kind})`).join(', ')}; linear would be 100×.`,
  ];
}

/** The regex engine section: the same text for a full run and for \`npm run bench -- regex\`. */
export function regexMarkdown(regex: RegexEngineResult): string {
  return `## Regex engine

\`bench/regex-engine.ts\`. Globs and regexes are matched by RE2 (re2js), in time linear in the path.
Per may() read (the auth endpoint's hot path) with one rule, the simple regex \`${SIMPLE}\` against
the pathological \`${PATHOLOGICAL}\` on the same paths; "RegExp.test (before)" is JavaScript's
backtracking RegExp on the pathological pattern, as the engine ran it before: it doubles with each
digit on the paths ending in \`!\`, so it is run only where it finishes.

\`\`\`
${formatRegexTable(regex.regex)}
\`\`\`

Glob selectors, one match: RE2 against a JavaScript RegExp of the same source (per test()):

\`\`\`
${formatGlobTable(regex.globs)}
\`\`\``;
}

/** Which slowest sample nearest-rank p99 is, counted from the slowest (1 = the slowest). */
function p99Rank(samples: number): string {
  const rank = samples - Math.ceil(0.99 * samples) + 1;
  const suffix = rank % 100 >= 11 && rank % 100 <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[rank % 10] ?? 'th');
  return `${rank}${suffix}`;
}

export function resultsMarkdown(
  streams: StreamsBenchResult,
  rules: readonly RulesBenchRow[],
  regex: RegexEngineResult,
  login: string,
  auth: AuthBenchResult,
  seconds: number,
): string {
  const machine = Object.entries(machineDescription()).map(([key, value]) => `- ${key}: ${value}`);
  const samples = Object.entries(SAMPLES).map(
    ([size, s]) => `${Number(size).toLocaleString('en-US')} streams: ${s.samples} after ${s.warmup} warm-up (p99 = the ${p99Rank(s.samples)} slowest)`,
  );
  return `# Benchmark results

Written by \`npm run bench\` (overwrites this file) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; the run took ${seconds.toFixed(0)} s.
Every ratio is against a baseline measured in the same run. Nothing asserts on these numbers.

## Machine

${machine.join('\n')}

Everything runs on this one machine and shares its cores: the load generator, the stand-in editor
and the MediaMTX API double (all in the bench process), slapd, and the overlay (its own process).
For \`/api/streams\` the load generator is kept light (node:http, keep-alive, at most 4 requests in
flight), but on 2 cores the overlay still competes with it, and anything else running on the
machine shows up mostly in p99. The auth benchmark's generators (wrk, a fixed-rate client) are
described in its section.

## \`GET /api/streams\`: overlay vs. editor

\`bench/streams.ts\`. The Active Streams list at 100, 1,000 and 10,000 streams, three ways:

- **direct** (the baseline): straight to the stand-in editor with a logged-in editor-viewer session cookie.
- **viewer**: through the overlay as demo-viewer (group vid_public) via forward-auth headers: the
  overlay keeps the streams the rules give vid_public (about half) and adds a playback token to each \`hls_url\`.
- **admin**: through the overlay as demo-admin: every stream, each annotated with its effective groups.

The overlay is the real \`server/main.ts\` in its own process, in directory mode: forward auth, the
seeded slapd (default 60 s directory cache), SQLite store, and 342 rules (300 exact, 40 globs, 2
regexes) PUT through \`/_overlay/api/rules\` as an admin would. Its answers are checked against the
rule engine once per size before timing.

Editor side: the stand-in editor answers \`/api/streams\` with a fixed list encoded once
(\`fixedStreams\`, a bench-only option), because its faithful build asks the MediaMTX API once per
path and reads only its first page (100 paths). Both rows get the same editor answer, so the
difference is the overlay: its extra HTTP hop, identity and directory lookup, upstream session,
and parsing, filtering and re-encoding the JSON.

Time is from sending the request to the last byte of the answer. The three ways are measured in
interleaved blocks (direct, viewer, admin, direct, ...), sequentially (conc 1) and with 4 requests
in flight (conc 4). "×" and "added" compare with the direct row of the same size and concurrency;
"answer" is streams returned / body size. Samples per row (nearest-rank percentiles):
${samples.map((line) => `- ${line}`).join('\n')}

\`\`\`
${formatStreams(streams.rows)}
\`\`\`

The overlay's fixed cost per request (its hop, identity, directory cache, upstream session; no body
rewriting), from the same run: ${formatPassThrough(streams.passThrough)}.

## Rule evaluation

\`bench/rules-eval.ts\`. Per-decision time of the compiled engine (\`may\`, and the lookup alone,
\`effectiveAccess\`) at 100, 1,000 and 10,000 rules (96% exact, 3.6% globs, 0.4% regexes), against
the baseline of a naive evaluator that tests every rule's matcher on every request. The compile rows
time \`compileRules\` against parsing every selector. Each hit case is the engine's worst case of its kind.

\`\`\`
${formatRules(rules)}
\`\`\`

${regexMarkdown(regex)}

${login}
${authMarkdown(auth)}

## Targets

${targetLines(streams.rows, rules).join('\n')}
${authTargetLines(auth).join('\n')}
`;
}

/**
 * `markdown` (one `## ` section) in place of the section with the same heading, up to the next
 * `## `; before the auth section when the file has none yet. For benchmarks run alone.
 */
export function replaceSection(file: string, markdown: string): string {
  const heading = markdown.slice(0, markdown.indexOf('\n') + 1);
  const start = file.indexOf(heading);
  if (start === -1) {
    const auth = file.indexOf('\n## `POST /auth/mediamtx`');
    const at = auth === -1 ? file.length : auth + 1;
    return `${file.slice(0, at)}${markdown}\n${file.slice(at)}`;
  }
  const next = file.indexOf('\n## ', start + heading.length);
  return `${file.slice(0, start)}${markdown}${next === -1 ? '' : `\n${file.slice(next + 1)}`}`;
}
