import { RE2JS } from 're2js';

// Selectors are matched by RE2 (re2js), never by JavaScript's RegExp. RegExp backtracks: a rule
// like ~^cams/(\w|\d)+$ took seconds per request on a path of a few dozen characters, and every
// other request waited behind it. RE2 runs in time linear in the path, and it is the engine
// MediaMTX itself uses for `~` permissions, so a selector means the same thing in both.

/**
 * How a selector decides one path. `engine` is there so that a RegExp, which also has test(),
 * cannot stand in for one.
 */
export interface PathMatcher {
  readonly engine: 're2' | 'equality';
  /** What the engine runs: the RE2 source, or the exact path. */
  readonly source: string;
  test(path: string): boolean;
}

/**
 * Unanchored search, as Go's MatchString: `drone` matches live/drone1. Compiled once, here;
 * throws re2js's RE2JSSyntaxException for a pattern RE2 refuses. Methods live on the class, not
 * in closures, so two matchers of one source compare equal (compileRules' incremental result is
 * checked against a fresh one that way).
 */
class Re2Matcher implements PathMatcher {
  readonly engine = 're2';
  readonly source: string;
  /** Instructions in the compiled program: matching costs about this much per path character. */
  readonly size: number;
  readonly #regex: RE2JS;

  constructor(source: string) {
    this.#regex = RE2JS.compile(source);
    this.source = source;
    this.size = this.#regex.programSize();
  }

  test(path: string): boolean {
    return this.#regex.test(path);
  }
}

class EqualityMatcher implements PathMatcher {
  readonly engine = 'equality';
  readonly source: string;

  constructor(path: string) {
    this.source = path;
  }

  test(path: string): boolean {
    return path === this.source;
  }
}

export function re2Matcher(source: string): PathMatcher & { readonly size: number } {
  return new Re2Matcher(source);
}

export function exactMatcher(path: string): PathMatcher {
  return new EqualityMatcher(path);
}
