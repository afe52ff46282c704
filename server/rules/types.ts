/** Plain data the rule engine works on; nothing here knows about HTTP, LDAP or storage. */
import type { Rule } from '../contract.ts';
import type { PathMatcher } from './matcher.ts';

/** One stored rule, as the console's API shows it too. */
export type { Rule };

export type SelectorKind = 'exact' | 'glob' | 'regex';

/** The rules are compiled with the policy's settings (policy/groups.ts), which say who may see a path no rule matches and who sees every path. */
export type { PolicySettings as RulePolicy } from '../policy/groups.ts';

/** Which groups may see a path, and what said so. */
export interface Access {
  groups: readonly string[];
  rule: Rule | null;
  via: SelectorKind | 'default';
}

export interface Decision {
  allow: boolean;
  /** Names what decided, for logs and the "why can't I see this" answer. */
  reason: string;
  rule: Rule | null;
}

/** Orders globs: more literal characters first, then fewer `**`, then fewer single `*`. */
export interface GlobSpecificity {
  literalChars: number;
  doubleStars: number;
  singleStars: number;
}

/**
 * A selector checked and compiled. `matcher` decides every kind on its own (exact ones too), so a
 * caller that holds a single selector needs nothing else; compileRules adds the fast paths.
 */
export type ParsedSelector =
  | { kind: 'exact'; text: string; matcher: PathMatcher }
  | { kind: 'glob'; text: string; matcher: PathMatcher; literalPrefix: string; specificity: GlobSpecificity }
  | { kind: 'regex'; text: string; matcher: PathMatcher };
