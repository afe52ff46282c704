import { createPolicy, type Policy, type PolicySettings } from '../policy/groups.ts';
import { compareSpecificity } from './glob.ts';
import type { PathMatcher } from './matcher.ts';
import { labelAccess, type AccessLabel } from './reason.ts';
import { RuleInputError } from './rule-input-error.ts';
import { parseSelector, selectorToMediamtxRegex } from './selector.ts';
import type { Access, GlobSpecificity, ParsedSelector, Rule } from './types.ts';

/** A glob or regex rule with its answer built once, so evaluation allocates nothing. */
export interface CompiledPattern {
  readonly access: Access;
  /** Built when the selector was parsed; evaluation never compiles a pattern. */
  readonly matcher: PathMatcher;
  /** Text every match starts with; a cheap startsWith() skips most globs before the regex runs. */
  readonly literalPrefix: string;
  /** The selector in MediaMTX's notation (selectorToMediamtxRegex), for JWT permissions. */
  readonly mediamtxPath: string;
}

export interface SkippedRule {
  rule: Rule;
  reason: string;
}

/**
 * Rules ready for evaluate.ts and policy/may.ts. Read `rules`, `policy` and `invalid`; the lookup
 * structures are for those two only and may change shape.
 */
export interface CompiledRules {
  readonly rules: readonly Rule[];
  /** The policy compiled with the rules: may() reads both from here. */
  readonly policy: Policy;
  /** Rules left out: selectors that no longer parse (only an old store can hold them) and repeats. */
  readonly invalid: readonly SkippedRule[];
  readonly exact: ReadonlyMap<string, Access>;
  /** Most specific first. */
  readonly globs: readonly CompiledPattern[];
  /** In stated order. */
  readonly regexes: readonly CompiledPattern[];
  readonly defaultAccess: Access;
  /** Each access's group keys and the rule-only half of its reason. */
  readonly labels: ReadonlyMap<Access, AccessLabel>;
}

function access(rule: Rule | null, groups: readonly string[], via: Access['via']): Access {
  return Object.freeze({ groups: Object.freeze([...groups]), rule, via });
}

/**
 * What one compile hands the next, so a write recompiles only the rules it changed. It holds the
 * current rules' entries only (each compile builds a fresh one), so it never outgrows the rules.
 */
interface CompileCache {
  /** Parsed selectors, or why they failed, by selector text. */
  selectors: Map<string, ParsedSelector | string>;
  /** By rule object (the repository keeps an unchanged rule's object across writes); `path` and the groups are checked again on reuse. */
  accesses: Map<Rule, { path: string; access: Access; label: AccessLabel }>;
}

const caches = new WeakMap<CompiledRules, CompileCache>();

function parseCached(text: string, previous: CompileCache | undefined, next: CompileCache): ParsedSelector | string {
  let parsed = next.selectors.get(text) ?? previous?.selectors.get(text);
  if (parsed === undefined) {
    try {
      parsed = parseSelector(text);
    } catch (error) {
      if (!(error instanceof RuleInputError)) throw error;
      parsed = error.message;
    }
  }
  next.selectors.set(text, parsed);
  return parsed;
}

function sameGroups(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((group, i) => group === b[i]);
}

function accessCached(rule: Rule, via: Access['via'], previous: CompileCache | undefined, next: CompileCache) {
  let entry = previous?.accesses.get(rule);
  if (!entry || entry.path !== rule.path || entry.access.via !== via || !sameGroups(entry.access.groups, rule.groups)) {
    const answer = access(rule, rule.groups, via);
    entry = { path: rule.path, access: answer, label: labelAccess(answer) };
  }
  next.accesses.set(rule, entry);
  return entry;
}

/**
 * Parses every selector once: exact paths go into a Map, globs are sorted by specificity, regexes
 * keep their order. A rule whose selector fails, or that repeats an earlier selector word for
 * word, is reported in `invalid` instead of stopping the others; the first one stated applies.
 * With `previous` (the last compile), unchanged selectors and rules reuse what it built.
 */
export function compileRules(rules: readonly Rule[], settings: PolicySettings | Policy, previous?: CompiledRules): CompiledRules {
  const policy = createPolicy(settings);
  const exact = new Map<string, Access>();
  const globs: Array<CompiledPattern & { specificity: GlobSpecificity; order: number }> = [];
  const regexes: CompiledPattern[] = [];
  const invalid: SkippedRule[] = [];
  const seen = new Set<string>();
  const labels = new Map<Access, AccessLabel>();
  const defaultAccess = access(null, policy.defaultGroups, 'default');
  labels.set(defaultAccess, labelAccess(defaultAccess));
  const reuse = previous && caches.get(previous);
  const cache: CompileCache = { selectors: new Map(), accesses: new Map() };

  rules.forEach((rule, order) => {
    const parsed = parseCached(rule.path, reuse, cache);
    if (typeof parsed === 'string') {
      invalid.push({ rule, reason: parsed });
      return;
    }
    if (seen.has(parsed.text)) {
      invalid.push({ rule, reason: `"${parsed.text}" repeats an earlier rule's path; the earlier rule applies.` });
      return;
    }
    seen.add(parsed.text);
    const { access: answer, label } = accessCached(rule, parsed.kind, reuse, cache);
    labels.set(answer, label);
    if (parsed.kind === 'exact') exact.set(parsed.text, answer);
    else if (parsed.kind === 'glob') {
      const { matcher, literalPrefix, specificity } = parsed;
      globs.push({ access: answer, matcher, literalPrefix, mediamtxPath: selectorToMediamtxRegex(parsed), specificity, order });
    } else regexes.push({ access: answer, matcher: parsed.matcher, literalPrefix: '', mediamtxPath: selectorToMediamtxRegex(parsed) });
  });

  // Specificity: more literal (non-wildcard) characters, slashes included, first; on a tie fewer
  // `**`, then fewer single `*`, then the rule stated earlier. live/alpha/* (11) > live/*/* (6) >
  // live/** (5) > ** (0).
  globs.sort((a, b) => compareSpecificity(a.specificity, b.specificity) || a.order - b.order);
  // The lists stay unfrozen: V8 iterates frozen arrays about three times slower, and the glob
  // scan is the hot loop. The Access objects handed to callers are frozen.
  const compiled: CompiledRules = Object.freeze({
    rules,
    policy,
    invalid: Object.freeze(invalid),
    exact,
    globs: globs.map(({ access, matcher, literalPrefix, mediamtxPath }) => ({ access, matcher, literalPrefix, mediamtxPath })),
    regexes,
    defaultAccess,
    labels,
  });
  caches.set(compiled, cache);
  return compiled;
}
