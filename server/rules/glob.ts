import { re2Matcher, type PathMatcher } from './matcher.ts';
import { RuleInputError } from './rule-input-error.ts';
import type { GlobSpecificity } from './types.ts';

// Glob selectors, defined over `/`-separated segments of a MediaMTX path:
// - `*` matches any run of characters other than `/`, possibly empty, so it never leaves its
//   segment: `live/cam*` matches `live/cam` and `live/cam7`, `live/*` matches `live/a` but not
//   `live/a/b`.
// - `**` must be a whole segment. Last, it matches one or more segments (`live/**` matches
//   `live/a` and `live/a/b`, not `live`); anywhere else zero or more (`a/**/b` matches `a/b`,
//   `a/x/b`, `a/x/y/b`; `**/cam` matches `cam` and `x/cam`). A lone `**` matches every path.
// - Nothing else is a wildcard; `?`, `[` and `{` are refused by the selector parser.
// Callers have already checked the characters, slashes and segments (selector.ts).

/** Two cover every sensible selector; more only make one harder to read. */
export const MAX_DOUBLE_STARS = 2;

const ANY_IN_SEGMENT = '[^/]*';
const ZERO_OR_MORE_SEGMENTS = '(?:[^/]+/)*';
const ONE_OR_MORE_SEGMENTS = '[^/]+(?:/[^/]+)*';

/** Throws unless every `**` is a whole segment, none repeats, and there are few enough. */
export function checkGlobShape(text: string): void {
  const segments = text.split('/');
  let doubleStars = 0;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment === '**') {
      doubleStars++;
      if (segments[i - 1] === '**') {
        throw new RuleInputError('path', `"${text}" repeats "**/**"; one "**" already matches any number of segments.`);
      }
    } else if (segment.includes('**')) {
      throw new RuleInputError(
        'path',
        `"${text}" has "**" inside the segment "${segment}"; "**" must be a whole segment (live/**), "*" matches within a segment (live/cam*).`,
      );
    }
  }
  if (doubleStars > MAX_DOUBLE_STARS) {
    throw new RuleInputError('path', `"${text}" has ${doubleStars} "**"; at most ${MAX_DOUBLE_STARS} are allowed.`);
  }
}

/** Only `.` among path characters means something in a regex (JS and RE2 alike). */
function escapeLiteral(chunk: string): string {
  return chunk.replaceAll('.', '\\.');
}

/** A segment with stars, as RE2 syntax. */
function segmentSource(segment: string): string {
  return segment.split('*').map(escapeLiteral).join(ANY_IN_SEGMENT);
}

function globSource(text: string): string {
  const segments = text.split('/');
  let source = '';
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    if (segment === '**') {
      // A middle `**` carries its own trailing slash, so no separator follows it.
      source += last ? ONE_OR_MORE_SEGMENTS : ZERO_OR_MORE_SEGMENTS;
      continue;
    }
    source += segmentSource(segment);
    if (!last) source += '/';
  }
  return source;
}

/** The anchored RE2 source (without `~`): what MediaMTX gets for this glob, and what matches it here. */
export function globToRe2Source(text: string): string {
  return `^${globSource(text)}$`;
}

// Matched by RE2 like every selector (matcher.ts): with two `**` a backtracking engine tries
// every pair of segment boundaries, cubic in the path (bench/RESULTS.md, "Regex engine").
export function compileGlob(text: string): { matcher: PathMatcher; literalPrefix: string; specificity: GlobSpecificity } {
  return { matcher: re2Matcher(globToRe2Source(text)), literalPrefix: text.slice(0, text.indexOf('*')), specificity: globSpecificity(text) };
}

export function globSpecificity(text: string): GlobSpecificity {
  let doubleStars = 0;
  let singleStars = 0;
  let stars = 0;
  for (const segment of text.split('/')) {
    if (segment === '**') {
      doubleStars++;
      stars += 2;
      continue;
    }
    for (const char of segment) if (char === '*') singleStars++;
  }
  stars += singleStars;
  return { literalChars: text.length - stars, doubleStars, singleStars };
}

/** Negative when `a` is more specific than `b`; zero leaves stated order to the caller. */
export function compareSpecificity(a: GlobSpecificity, b: GlobSpecificity): number {
  return b.literalChars - a.literalChars || a.doubleStars - b.doubleStars || a.singleStars - b.singleStars;
}
