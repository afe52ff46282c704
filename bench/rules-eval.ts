// Rule engine benchmark: per-decision time of the compiled engine against a naive evaluator that
// tests every rule's matcher on every request, at 100, 1,000 and 10,000 rules, plus compile time.
// Run: node --disable-warning=ExperimentalWarning bench/rules-eval.ts   (prints a table; no assertions)
import { fileURLToPath } from 'node:url';
import { createPolicy, relevantGroups } from '../server/policy/groups.ts';
import { may } from '../server/policy/may.ts';
import { compileRules } from '../server/rules/compile.ts';
import { effectiveAccess } from '../server/rules/evaluate.ts';
import { parseSelector } from '../server/rules/selector.ts';
import type { ParsedSelector, Rule, RulePolicy } from '../server/rules/types.ts';
import { compareSpecificity } from '../server/rules/glob.ts';

export interface RulesBenchRow {
  rules: number;
  case: 'exact hit' | 'glob hit' | 'regex hit' | 'default' | 'compile';
  /** Nanoseconds per may() read, reason included (per compileRules call for the compile row). */
  engineNs: number;
  /** Nanoseconds per effectiveAccess() call: the lookup alone, which allocates nothing (0 for compile). */
  lookupNs: number;
  /** The naive evaluator (for compile: parsing every selector, which the naive one also needs). */
  naiveNs: number;
  /** naiveNs / engineNs. */
  speedup: number;
  /** Whether both evaluators decided the same way (always true for compile). */
  sameAnswer: boolean;
}

const policy = { defaultGroups: ['vid_public'], adminGroups: ['vid_admin'], groupPrefix: 'vid_' } satisfies RulePolicy;
const user = ['vid_team7', 'vid_public'];
/** As the auth endpoint holds a person: groups made once by the policy, with their keys. */
const member = { groups: relevantGroups(createPolicy(policy), user) };
const SIZES = [100, 1_000, 10_000];

function rule(path: string, group: string): Rule {
  return { path, groups: [group], updatedBy: 'bench', updatedAt: '2025-01-01T00:00:00.000Z' };
}

/**
 * 96% exact paths, 3.6% globs, 0.4% regexes (10,000 → 9,600 / 360 / 40). Each hit case is built
 * to be the engine's worst case of its kind: the glob hit matches the least specific glob, the
 * regex hit the last regex, and the default path passes every glob and regex.
 */
function ruleSet(size: number): { rules: Rule[]; paths: Record<Exclude<RulesBenchRow['case'], 'compile'>, string> } {
  const regexCount = Math.max(1, Math.round(size * 0.004));
  const globCount = Math.max(2, Math.round(size * 0.036));
  const rules: Rule[] = [];
  for (let i = 0; rules.length < size - regexCount - globCount; i++) rules.push(rule(`site${i % 50}/cam${i}`, `vid_team${i % 20}`));
  for (let i = 0; i < globCount - 1; i++) rules.push(rule(`zone${i}/*/feed*`, `vid_team${i % 20}`));
  rules.push(rule('**/fallback-*', 'vid_team7'));
  for (let i = 0; i < regexCount; i++) rules.push(rule(`~^rx${i}/cam[0-9]+$`, 'vid_team7'));
  const middleExact = rules[Math.floor((size - regexCount - globCount) / 2)]!.path;
  return {
    rules,
    paths: { 'exact hit': middleExact, 'glob hit': 'spare/x/fallback-1', 'regex hit': `rx${regexCount - 1}/cam7`, default: 'nowhere/cam1' },
  };
}

/** The baseline: every rule's matcher tested on every request, best match kept by the same precedence. */
function naiveEvaluator(parsed: ReadonlyArray<{ selector: ParsedSelector; rule: Rule }>) {
  const rank = { exact: 0, glob: 1, regex: 2 } as const;
  return function naiveDecide(path: string, groups: readonly string[]): boolean {
    let best: { selector: ParsedSelector; rule: Rule } | null = null;
    for (const candidate of parsed) {
      if (!candidate.selector.matcher.test(path)) continue;
      if (best === null || rank[candidate.selector.kind] < rank[best.selector.kind]) best = candidate;
      else if (candidate.selector.kind === 'glob' && best.selector.kind === 'glob') {
        if (compareSpecificity(candidate.selector.specificity, best.selector.specificity) < 0) best = candidate;
      }
    }
    const allowed = best ? best.rule.groups : policy.defaultGroups;
    return groups.some((group) => allowed.includes(group));
  };
}

let sink = 0;

/** Calls `fn` in doubling batches until `ms` have passed; returns [calls, nanoseconds]. */
function runFor(fn: () => boolean, ms: number): [number, number] {
  const budget = BigInt(Math.round(ms * 1e6));
  const started = process.hrtime.bigint();
  let elapsed = 0n;
  let calls = 0;
  for (let batch = 1; elapsed < budget; batch = Math.min(batch * 2, 65_536)) {
    for (let i = 0; i < batch; i++) sink += fn() ? 1 : 0;
    calls += batch;
    elapsed = process.hrtime.bigint() - started;
  }
  return [calls, Number(elapsed)];
}

/** Nanoseconds per call of `fn`: a warm-up (so the JIT has settled) and then a timed run. */
export function nsPerCall(fn: () => boolean, budgetMs: number): number {
  runFor(fn, budgetMs / 4);
  const [calls, ns] = runFor(fn, budgetMs);
  return ns / calls;
}

export function run(options: { budgetMs?: number } = {}): RulesBenchRow[] {
  const budgetMs = options.budgetMs ?? 200;
  const rows: RulesBenchRow[] = [];
  for (const size of SIZES) {
    const { rules, paths } = ruleSet(size);
    const compileNs = nsPerCall(() => compileRules(rules, policy).invalid.length === 0, budgetMs);
    const parseNs = nsPerCall(() => rules.map((r) => parseSelector(r.path)).length > 0, budgetMs);
    rows.push({ rules: size, case: 'compile', engineNs: compileNs, lookupNs: 0, naiveNs: parseNs, speedup: parseNs / compileNs, sameAnswer: true });

    const compiled = compileRules(rules, policy);
    const naive = naiveEvaluator(rules.map((r) => ({ selector: parseSelector(r.path), rule: r })));
    for (const [name, path] of Object.entries(paths) as Array<[RulesBenchRow['case'], string]>) {
      const engineNs = nsPerCall(() => may(member, 'read', path, compiled).allow, budgetMs);
      const lookupNs = nsPerCall(() => effectiveAccess(compiled, path).groups.length > 0, budgetMs);
      const naiveNs = nsPerCall(() => naive(path, user), budgetMs);
      const sameAnswer = may(member, 'read', path, compiled).allow === naive(path, user);
      rows.push({ rules: size, case: name, engineNs, lookupNs, naiveNs, speedup: naiveNs / engineNs, sameAnswer });
    }
  }
  return rows;
}

export function formatNs(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(0)} ns`;
}

export function formatTable(rows: readonly RulesBenchRow[]): string {
  const header = ['rules', 'case', 'may', 'lookup only', 'naive scan', 'speedup', 'same answer'];
  const body = rows.map((row) => [
    row.rules.toLocaleString('en-US'),
    row.case,
    formatNs(row.engineNs),
    row.case === 'compile' ? '' : formatNs(row.lookupNs),
    formatNs(row.naiveNs),
    `${row.speedup.toFixed(row.speedup < 10 ? 2 : 0)}×`,
    row.sameAnswer ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(line)].join('\n');
}

if (import.meta.main ?? process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = process.hrtime.bigint();
  console.log(formatTable(run()));
  const seconds = (Number(process.hrtime.bigint() - started) / 1e9).toFixed(1);
  console.log(`\ncompile rows: may = compileRules, naive = parsing every selector. speedup = naive / may. ${seconds} s (${sink} calls).`);
}
