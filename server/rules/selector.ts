import { RE2JSException } from 're2js';
import { checkGlobShape, compileGlob, globToRe2Source } from './glob.ts';
import { exactMatcher, re2Matcher } from './matcher.ts';
import { explainRegexRefusal } from './regex-refusal.ts';
import { RuleInputError } from './rule-input-error.ts';
import type { ParsedSelector } from './types.ts';

// A selector is what a rule's `path` holds, in MediaMTX's own notation plus globs:
//   live/drone1    exact path
//   live/alpha/*   glob (any `*`; see glob.ts for what `*` and `**` match)
//   ~^ops/.*$      regex, unanchored like MediaMTX (Go RE2 MatchString): `~drone` matches live/drone1

export const MAX_PATH_SELECTOR_LENGTH = 255;
/** Regexes get more room: an alternation of a few dozen camera names is a fair use. */
export const MAX_REGEX_SELECTOR_LENGTH = 1024;
/**
 * RE2 runs in time linear in the path, times the size of the compiled program; a short pattern
 * with a large counted repeat ([a-z]{1000}) compiles to a thousand instructions, each run once per
 * path character. A long alternation of names stays small (RE2 merges common prefixes).
 */
export const MAX_REGEX_PROGRAM_SIZE = 1000;

/** MediaMTX path characters (its rePathName) plus `*` for globs. */
const PATH_OR_GLOB_CHAR = /^[A-Za-z0-9_\-.~/*]$/;
const OTHER_GLOB_SYNTAX = /[?[\]{}]/;

function describeChar(char: string): string {
  if (char === ' ') return 'a space';
  const code = char.codePointAt(0)!;
  if (code < 0x20 || code === 0x7f) return `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `"${char}"`;
}

function checkPathLike(text: string): void {
  if (text.length > MAX_PATH_SELECTOR_LENGTH) {
    throw new RuleInputError('path', `path is ${text.length} characters long; at most ${MAX_PATH_SELECTOR_LENGTH} are allowed.`);
  }
  const other = OTHER_GLOB_SYNTAX.exec(text);
  if (other) {
    throw new RuleInputError(
      'path',
      `"${text}" contains "${other[0]}"; the only wildcards are * (any characters within one segment) and ** (whole segments). For anything else use a regex: ~^live/cam[0-9]$.`,
    );
  }
  for (const char of text) {
    if (!PATH_OR_GLOB_CHAR.test(char)) {
      throw new RuleInputError(
        'path',
        `"${text}" contains ${describeChar(char)}; stream paths may contain only letters, digits, _ - . ~ and /, plus * in globs.`,
      );
    }
  }
  if (text.startsWith('/')) throw new RuleInputError('path', `"${text}" starts with "/"; MediaMTX paths do not: write ${text.replace(/^\/+/, '')}.`);
  if (text.endsWith('/')) {
    throw new RuleInputError('path', `"${text}" ends with "/"; MediaMTX paths do not. For everything below it write ${text.replace(/\/+$/, '')}/**.`);
  }
  for (const segment of text.split('/')) {
    if (segment === '') throw new RuleInputError('path', `"${text}" has an empty segment ("//").`);
    // Clients and proxies resolve dot segments in URLs, so a rule naming one would never match.
    if (segment === '.' || segment === '..') throw new RuleInputError('path', `"${text}" has a "${segment}" segment.`);
  }
}

function parseRegex(text: string): ParsedSelector {
  const pattern = text.slice(1);
  if (pattern === '') throw new RuleInputError('path', '"~" starts a regex but nothing follows it; for example ~^live/.*$.');
  if (text.length > MAX_REGEX_SELECTOR_LENGTH) {
    throw new RuleInputError('path', `regex is ${text.length} characters long; at most ${MAX_REGEX_SELECTOR_LENGTH} are allowed.`);
  }
  let matcher: ReturnType<typeof re2Matcher>;
  try {
    matcher = re2Matcher(pattern);
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    throw explainRegexRefusal(text, error);
  }
  if (matcher.size > MAX_REGEX_PROGRAM_SIZE) {
    throw new RuleInputError(
      'path',
      `"${text}" compiles to ${matcher.size} regex instructions; at most ${MAX_REGEX_PROGRAM_SIZE} are allowed, because every decision runs them once per character of the path. Large counted repeats such as {500} are the usual cause: write .* or + instead.`,
    );
  }
  return { kind: 'regex', text, matcher };
}

/** Checks and compiles one selector; throws RuleInputError (field `path`) saying what to fix. */
export function parseSelector(text: string): ParsedSelector {
  if (typeof text !== 'string') throw new RuleInputError('path', 'path must be a string.');
  if (text === '') throw new RuleInputError('path', 'path must not be empty: name a stream (live/drone1), a glob (live/*) or a regex (~^live/).');
  if (text.startsWith('~')) return parseRegex(text);
  checkPathLike(text);
  if (!text.includes('*')) return { kind: 'exact', text, matcher: exactMatcher(text) };
  checkGlobShape(text);
  return { kind: 'glob', text, ...compileGlob(text) };
}

/**
 * The `path` a selector becomes in a MediaMTX permission (JWT claim or authInternalUsers). An exact
 * path stays the plain path, which MediaMTX already compares exactly; a glob becomes an anchored
 * `~^...$` RE2 regex; a regex is passed on as written (MediaMTX reads it unanchored, as we do).
 */
export function selectorToMediamtxRegex(parsed: ParsedSelector): string {
  if (parsed.kind === 'glob') return `~${globToRe2Source(parsed.text)}`;
  return parsed.text;
}
