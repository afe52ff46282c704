import { compareSpecificity } from './glob.ts';
import { labelAccess, type AccessLabel } from './reason.ts';
import { RuleInputError } from './rule-input-error.ts';
import { parseSelector } from './selector.ts';
import type { Access, GlobSpecificity, Rule, RulePolicy } from './types.ts';

/** A glob or regex rule with its answer built once, so evaluation allocates nothing. */
export interface CompiledPattern {
  readonly access: Access;
  readonly matcher: RegExp;
  /** Text every match starts with; a cheap startsWith() skips most globs before the regex runs. */
  readonly literalPrefix: string;
}

export interface SkippedRule {
  rule: Rule;
  reason: string;
}

/**
 * Rules ready for evaluate.ts. Read `rules`, `policy` and `invalid`; the lookup structures are for
 * evaluate.ts only and may change shape.
 */
export interface CompiledRules {
  readonly rules: readonly Rule[];
  readonly policy: RulePolicy;
  /** Rules left out: selectors that no longer parse (only an old store can hold them) and repeats. */
  readonly invalid: readonly SkippedRule[];
  readonly exact: ReadonlyMap<string, Access>;
  /** Most specific first. */
  readonly globs: readonly CompiledPattern[];
  /** In stated order. */
  readonly regexes: readonly CompiledPattern[];
  readonly defaultAccess: Access;
  /** The rule-only half of each access's reason. */
  readonly labels: ReadonlyMap<Access, AccessLabel>;
}

function access(rule: Rule | null, groups: readonly string[], via: Access['via']): Access {
  return Object.freeze({ groups: Object.freeze([...groups]), rule, via });
}

/**
 * Parses every selector once: exact paths go into a Map, globs are sorted by specificity, regexes
 * keep their order. A rule whose selector fails, or that repeats an earlier selector word for
 * word, is reported in `invalid` instead of stopping the others; the first one stated applies.
 */
export function compileRules(rules: readonly Rule[], policy: RulePolicy): CompiledRules {
  const exact = new Map<string, Access>();
  const globs: Array<CompiledPattern & { specificity: GlobSpecificity; order: number }> = [];
  const regexes: CompiledPattern[] = [];
  const invalid: SkippedRule[] = [];
  const seen = new Set<string>();

  rules.forEach((rule, order) => {
    let parsed;
    try {
      parsed = parseSelector(rule.path);
    } catch (error) {
      if (!(error instanceof RuleInputError)) throw error;
      invalid.push({ rule, reason: error.message });
      return;
    }
    if (seen.has(parsed.text)) {
      invalid.push({ rule, reason: `"${parsed.text}" repeats an earlier rule's path; the earlier rule applies.` });
      return;
    }
    seen.add(parsed.text);
    const answer = access(rule, rule.groups, parsed.kind);
    if (parsed.kind === 'exact') exact.set(parsed.text, answer);
    else if (parsed.kind === 'glob') {
      globs.push({ access: answer, matcher: parsed.matcher, literalPrefix: parsed.literalPrefix, specificity: parsed.specificity, order });
    } else regexes.push({ access: answer, matcher: parsed.matcher, literalPrefix: '' });
  });

  const defaultAccess = access(null, policy.defaultGroups, 'default');
  const labels = new Map<Access, AccessLabel>();
  for (const each of [defaultAccess, ...exact.values(), ...globs.map((g) => g.access), ...regexes.map((r) => r.access)]) labels.set(each, labelAccess(each));

  // Specificity: more literal (non-wildcard) characters, slashes included, first; on a tie fewer
  // `**`, then fewer single `*`, then the rule stated earlier. live/alpha/* (11) > live/*/* (6) >
  // live/** (5) > ** (0).
  globs.sort((a, b) => compareSpecificity(a.specificity, b.specificity) || a.order - b.order);
  // The lists stay unfrozen: V8 iterates frozen arrays about three times slower, and the glob
  // scan is the hot loop. The Access objects handed to callers are frozen.
  return Object.freeze({
    rules,
    policy,
    invalid: Object.freeze(invalid),
    exact,
    globs: globs.map((glob) => ({ access: glob.access, matcher: glob.matcher, literalPrefix: glob.literalPrefix })),
    regexes,
    defaultAccess,
    labels,
  });
}
