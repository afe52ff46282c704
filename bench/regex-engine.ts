// Regex engine benchmark: what a pathological regex rule costs against a simple one on the same
// paths, through may() as the auth endpoint calls it, and what RE2 costs against JavaScript's
// RegExp for glob selectors (hot-path hits and a worst case). Rules are matched by RE2 (re2js);
// the RegExp columns build a RegExp from the same source, as the engine did before.
// Run: node --disable-warning=ExperimentalWarning bench/regex-engine.ts   (prints tables; no assertions)
import { fileURLToPath } from 'node:url';
import { createPolicy, relevantGroups } from '../server/policy/groups.ts';
import { may } from '../server/policy/may.ts';
import { compileRules } from '../server/rules/compile.ts';
import { globToRe2Source } from '../server/rules/glob.ts';
import { parseSelector } from '../server/rules/selector.ts';
import type { RulePolicy } from '../server/rules/types.ts';
import { formatNs, nsPerCall } from './rules-eval.ts';

export const SIMPLE = '~^cams/.*$';
export const PATHOLOGICAL = '~^cams/(\\w|\\d)+$';

export interface RegexBenchRow {
  input: string;
  /** ns per may() read with the one simple rule, and with the one pathological rule. */
  simpleNs: number;
  pathologicalNs: number;
  /** pathologicalNs / simpleNs. */
  ratio: number;
  /** ns per RegExp.test() of the pathological pattern (the engine before); null: not run, it would not finish. */
  regexpNs: number | null;
}

export interface GlobBenchRow {
  glob: string;
  input: string;
  re2Ns: number;
  regexpNs: number;
  /** re2Ns / regexpNs. */
  ratio: number;
}

export interface RegexEngineResult {
  regex: RegexBenchRow[];
  globs: GlobBenchRow[];
}

const policy: RulePolicy = { defaultGroups: [], adminGroups: ['vid_admin'], groupPrefix: 'vid_' };
/** As the auth endpoint holds a person: groups made once by the policy, with their keys. */
const member = { groups: relevantGroups(createPolicy(policy), ['vid_cams']) };
const digits = (n: number) => '1'.repeat(n);

// label, path, whether RegExp may be timed on it (it doubles per digit on the ones ending in !)
const REGEX_INPUTS: Array<[string, string, boolean]> = [
  ['cams/12', 'cams/12', true],
  ['cams/ + 40 digits', `cams/${digits(40)}`, true],
  ['cams/ + 16 digits + !', `cams/${digits(16)}!`, true],
  ['cams/ + 40 digits + !', `cams/${digits(40)}!`, false],
  ['cams/ + 8,000 digits + !', `cams/${digits(8_000)}!`, false],
];

const GLOB_INPUTS: Array<[string, string, string]> = [
  ['zone1/*/feed*', 'zone1/x/feed7', 'zone1/x/feed7 (hit)'],
  ['zone1/*/feed*', 'zone1/x/other', 'zone1/x/other (miss)'],
  ['**/fallback-*', 'spare/x/fallback-1', 'spare/x/fallback-1 (hit)'],
  ['live/**', 'live/a/b/c', 'live/a/b/c (hit)'],
  ['**/hd/**', 'hd/'.repeat(2_700), '2,700 × hd/ (8 KB, miss)'],
];

function oneRule(selector: string) {
  return compileRules([{ path: selector, groups: ['vid_cams'], updatedBy: 'bench', updatedAt: '2026-01-01T00:00:00.000Z' }], policy);
}

export function run(options: { budgetMs?: number } = {}): RegexEngineResult {
  const budgetMs = options.budgetMs ?? 200;
  const simple = oneRule(SIMPLE);
  const pathological = oneRule(PATHOLOGICAL);
  const regexp = new RegExp(PATHOLOGICAL.slice(1), 'u');
  const regex = REGEX_INPUTS.map(([input, path, timeRegExp]): RegexBenchRow => {
    const simpleNs = nsPerCall(() => may(member, 'read', path, simple).allow, budgetMs);
    const pathologicalNs = nsPerCall(() => may(member, 'read', path, pathological).allow, budgetMs);
    const regexpNs = timeRegExp ? nsPerCall(() => regexp.test(path), budgetMs) : null;
    return { input, simpleNs, pathologicalNs, ratio: pathologicalNs / simpleNs, regexpNs };
  });
  const globs = GLOB_INPUTS.map(([glob, path, input]): GlobBenchRow => {
    const re2 = parseSelector(glob).matcher;
    const js = new RegExp(globToRe2Source(glob), 'u');
    if (re2.test(path) !== js.test(path)) throw new Error(`RE2 and RegExp disagree on ${glob} for ${input}`);
    const re2Ns = nsPerCall(() => re2.test(path), budgetMs);
    const regexpNs = nsPerCall(() => js.test(path), budgetMs);
    return { glob, input, re2Ns, regexpNs, ratio: re2Ns / regexpNs };
  });
  return { regex, globs };
}

function table(header: string[], body: string[][], leftColumns: number): string {
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column < leftColumns ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(line)].join('\n');
}

const times = (ratio: number) => `${ratio < 0.1 ? ratio.toPrecision(2) : ratio.toFixed(ratio < 10 ? 2 : 0)}×`;

export function formatRegexTable(rows: readonly RegexBenchRow[]): string {
  return table(
    ['input', `may, ${SIMPLE}`, `may, ${PATHOLOGICAL}`, 'ratio', 'RegExp.test (before)'],
    rows.map((row) => [
      row.input,
      formatNs(row.simpleNs),
      formatNs(row.pathologicalNs),
      times(row.ratio),
      row.regexpNs === null ? 'not run' : formatNs(row.regexpNs),
    ]),
    1,
  );
}

export function formatGlobTable(rows: readonly GlobBenchRow[]): string {
  return table(
    ['glob', 'path', 'RE2', 'RegExp', 'RE2 / RegExp'],
    rows.map((row) => [row.glob, row.input, formatNs(row.re2Ns), formatNs(row.regexpNs), times(row.ratio)]),
    2,
  );
}

if (import.meta.main ?? process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = run();
  console.log(`${formatRegexTable(result.regex)}\n\n${formatGlobTable(result.globs)}`);
}
