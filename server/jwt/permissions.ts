import { adminGroupOf } from '../policy/groups.ts';
import { grants, visiblePaths } from '../policy/may.ts';
import type { CompiledPattern, CompiledRules } from '../rules/compile.ts';
import type { PathMatcher } from '../rules/matcher.ts';
import type { Access } from '../rules/types.ts';
import { prefixesOverlap, regexLiteralPrefix } from './regex-prefix.ts';

// MediaMTX permissions are a plain union: a path is allowed when any permission matches it, and
// nothing can deny. Our rules have precedence (exact > most specific glob > regexes in stated
// order > default groups), so a rule that grants can only become a MediaMTX pattern when no rule
// above it that could match some of the same paths denies the user. Where that cannot be shown
// cheaply, the claim lists instead, one by one, the known paths the user may see. The default
// groups mean "every path no rule matches", which no union of patterns can say: paths they give
// are always listed. So a path that only the default groups open appears in tokens issued after
// MediaMTX (or an exact rule) knows it; a token issued earlier does not cover it.

const CLAIM_ACTIONS = ['read', 'playback'] as const;

export interface MediamtxPermission {
  /** read/playback come from the rules; publish from the publish groups (see jwt/tokens.ts). */
  action: (typeof CLAIM_ACTIONS)[number] | 'publish';
  /** MediaMTX notation: '' any path, `~re` an unanchored RE2 regex, anything else an exact path. */
  path: string;
}

interface Pattern {
  /** As MediaMTX reads it. */
  permissionPath: string;
  matcher: PathMatcher;
}

export function isAdmin(compiled: CompiledRules, groups: readonly string[]): boolean {
  return adminGroupOf(compiled.policy, groups) !== undefined;
}

/**
 * An exact path in MediaMTX notation. A path starting with `~` would read as a regex, so it is
 * written as an anchored regex that matches only itself (`.` is the only path character RE2
 * treats specially).
 */
function exactPermissionPath(path: string): string {
  return path.startsWith('~') ? `~^${path.replaceAll('.', '\\.')}$` : path;
}

/**
 * The globs and regexes that grant `groups` and that can be handed to MediaMTX as patterns: for
 * each, no higher-precedence rule that denies the user can match a path the pattern matches.
 * Shown by testing each denying exact rule against the pattern, and by literal prefixes for
 * denying globs and regexes (disjoint when neither prefix starts the other).
 */
function safePatterns(compiled: CompiledRules, groups: readonly string[]): Pattern[] {
  const granted = (access: Access) => grants(compiled, access, groups);
  const deniedExact = [...compiled.exact].filter(([, access]) => !granted(access)).map(([path]) => path);
  const deniedExactMatches = (pattern: CompiledPattern) => deniedExact.some((path) => pattern.matcher.test(path));
  const patterns: Pattern[] = [];
  const toPattern = (pattern: CompiledPattern): Pattern => ({ permissionPath: pattern.mediamtxPath, matcher: pattern.matcher });

  compiled.globs.forEach((glob, index) => {
    if (!granted(glob.access) || deniedExactMatches(glob)) return;
    const moreSpecific = compiled.globs.slice(0, index);
    if (moreSpecific.some((other) => !granted(other.access) && prefixesOverlap(other.literalPrefix, glob.literalPrefix))) return;
    patterns.push(toPattern(glob));
  });

  const regexPrefixes = compiled.regexes.map((regex) => regexLiteralPrefix(regex.access.rule!.path.slice(1)));
  compiled.regexes.forEach((regex, index) => {
    if (!granted(regex.access) || deniedExactMatches(regex)) return;
    const prefix = regexPrefixes[index]!;
    if (compiled.globs.some((glob) => !granted(glob.access) && prefixesOverlap(glob.literalPrefix, prefix))) return;
    if (compiled.regexes.slice(0, index).some((earlier, i) => !granted(earlier.access) && prefixesOverlap(regexPrefixes[i]!, prefix))) return;
    patterns.push(toPattern(regex));
  });
  return patterns;
}

/**
 * The `mediamtx_permissions` claim for a user in `groups`: `read` and `playback` for every path
 * the policy lets them see (policy/may.ts), as patterns where that is safe and as exact paths otherwise.
 * `knownPaths` are the paths anyone may care about (MediaMTX's configured and active paths and
 * the exact rules' paths); only those can be listed one by one.
 */
export function mediamtxPermissions(compiled: CompiledRules, groups: readonly string[], knownPaths: readonly string[]): MediamtxPermission[] {
  if (isAdmin(compiled, groups)) return CLAIM_ACTIONS.map((action) => ({ action, path: '' }));
  const patterns = safePatterns(compiled, groups);
  const exactGrants = [...compiled.exact].filter(([, access]) => grants(compiled, access, groups)).map(([path]) => path);
  const listed = [...new Set([...exactGrants, ...visiblePaths({ groups }, knownPaths, compiled)])]
    .filter((path) => !patterns.some((pattern) => pattern.matcher.test(path)))
    .sort();
  const paths = [...new Set([...patterns.map((pattern) => pattern.permissionPath), ...listed.map(exactPermissionPath)])];
  return paths.flatMap((path) => CLAIM_ACTIONS.map((action) => ({ action, path })));
}
