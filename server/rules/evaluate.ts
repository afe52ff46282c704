import type { CompiledRules } from './compile.ts';
import { adminReason, explainDecision } from './reason.ts';
import type { Access, Decision } from './types.ts';

// Evaluation is pure and cheap: a Map lookup, then prefix-filtered glob tests, then regex tests,
// all against structures compileRules built. Nothing here compiles a pattern or reads a clock,
// and effectiveAccess returns prebuilt objects, so a hot auth path allocates almost nothing; a
// decision only formats the user's side of its reason.

/**
 * Who may see `path` and which rule says so. Precedence: an exact rule, then the most specific
 * matching glob, then the first matching regex in stated order, then the policy's default groups.
 */
export function effectiveAccess(compiled: CompiledRules, path: string): Access {
  const exact = compiled.exact.get(path);
  if (exact) return exact;
  for (const glob of compiled.globs) {
    if (path.startsWith(glob.literalPrefix) && glob.matcher.test(path)) return glob.access;
  }
  for (const regex of compiled.regexes) {
    if (regex.matcher.test(path)) return regex.access;
  }
  return compiled.defaultAccess;
}

function firstShared(a: readonly string[], b: readonly string[]): string | undefined {
  for (const group of a) if (b.includes(group)) return group;
  return undefined;
}

/**
 * May a user in `groups` see `request.path`? Admins see everything; anyone else needs a group the
 * effective access names. The reason names what decided, for logs and for the user.
 */
export function decide(request: { path: string }, compiled: CompiledRules, groups: readonly string[]): Decision {
  const admin = firstShared(compiled.policy.adminGroups, groups);
  if (admin !== undefined) return { allow: true, reason: adminReason(admin), rule: null };
  const access = effectiveAccess(compiled, request.path);
  const allow = firstShared(access.groups, groups) !== undefined;
  return { allow, reason: explainDecision(access, compiled.labels.get(access)!, groups, allow), rule: access.rule };
}

/** The paths among `paths` a user in `groups` may see, in the order given. */
export function visiblePaths(compiled: CompiledRules, paths: readonly string[], groups: readonly string[]): string[] {
  if (firstShared(compiled.policy.adminGroups, groups) !== undefined) return [...paths];
  return paths.filter((path) => firstShared(effectiveAccess(compiled, path).groups, groups) !== undefined);
}
