import type { CompiledRules } from './compile.ts';
import type { Access } from './types.ts';

// Evaluation is pure and cheap: a Map lookup, then prefix-filtered glob tests, then regex tests,
// all against structures compileRules built. Nothing here compiles a pattern or reads a clock,
// and effectiveAccess returns prebuilt objects, so a hot auth path allocates almost nothing.
// Whether the access lets a person in is the policy's answer (policy/may.ts).

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
