import { describe, expect, it } from 'vitest';
import { RuleInputError } from './rule-input-error.ts';
import { parseSelector, selectorToMediamtxRegex } from './selector.ts';

function matches(selector: string, path: string): boolean {
  return parseSelector(selector).matcher.test(path);
}

describe('parseSelector kinds', () => {
  it.each([
    ['live/drone1', 'exact'],
    ['a.b~c_d-e/f', 'exact'],
    ['live/*', 'glob'],
    ['live/cam*', 'glob'],
    ['**', 'glob'],
    ['~^ops/.*$', 'regex'],
    ['~drone', 'regex'],
  ])('%s is %s', (text, kind) => expect(parseSelector(text)).toMatchObject({ kind, text }));
});

describe('exact paths match only themselves', () => {
  it.each([
    ['live/drone1', 'live/drone1', true],
    ['live/drone1', 'live/drone10', false],
    ['live/drone1', 'xlive/drone1', false],
    ['live/d.1', 'live/dx1', false], // "." is literal
    ['Live/Drone1', 'live/drone1', false], // MediaMTX paths are case-sensitive
  ])('%s vs %s → %s', (selector, path, expected) => expect(matches(selector, path)).toBe(expected));
});

describe('glob semantics', () => {
  it.each([
    // `*` stays inside one segment and may be empty
    ['live/*', 'live/a', true],
    ['live/*', 'live/a/b', false],
    ['live/*', 'live', false],
    ['live/cam*', 'live/cam', true],
    ['live/cam*', 'live/cam7', true],
    ['live/cam*', 'live/cam7/x', false],
    ['live/*/hd', 'live/a/hd', true],
    ['live/*/hd', 'live/a/b/hd', false],
    ['*a*a*b', 'xaayab', true],
    ['*a*a*b', 'ab', false],
    ['*a*ab', 'aab', true],
    ['*a*ab', 'ab', false],
    ['live/c*m*.ts', 'live/cam.ts', true],
    ['live/c*m*.ts', 'live/camXts', false],
    // `**` last: one or more segments
    ['live/**', 'live/a', true],
    ['live/**', 'live/a/b/c', true],
    ['live/**', 'live', false],
    ['live/**', 'livestream/a', false],
    ['**', 'a', true],
    ['**', 'a/b/c', true],
    // `**` elsewhere: zero or more segments
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['a/**/b', 'a/xb', false],
    ['a/**/b', 'ab', false],
    ['**/cam', 'cam', true],
    ['**/cam', 'x/y/cam', true],
    ['**/cam', 'x/ycam', false],
    ['**/cam*/**', 'site/cam2/hd', true],
    ['**/cam*/**', 'cam2', false],
  ])('%s vs %s → %s', (selector, path, expected) => expect(matches(selector, path)).toBe(expected));

  // Paths built to make a backtracking matcher try every split; a relapse shows as the timeout.
  it('answers in linear time whatever the path', () => {
    expect(matches('*a*a*a*a*a*a*b', 'a'.repeat(250))).toBe(false);
    expect(matches('**/a*a*a*b', 'aaaaaaaa/'.repeat(28) + 'c')).toBe(false);
    expect(matches('**/hd/**', 'hd/'.repeat(2_700))).toBe(false);
  }, 2_000);
});

describe('regex semantics (unanchored, like MediaMTX)', () => {
  it.each([
    ['~drone', 'live/drone1', true],
    ['~^drone', 'live/drone1', false],
    ['~^ops/.*$', 'ops/a/b', true],
    ['~^ops/.*$', 'xops/a', false],
    ['~^live/(cam|drone)[0-9]+$', 'live/cam12', true],
    ['~^live/(cam|drone)[0-9]+$', 'live/cam12/hd', false],
    ['~(?:^|/)hd$', 'live/x/hd', true],
    ['~^live/(?<site>[a-z]+)/cam$', 'live/north/cam', true],
    // RE2 syntax that JavaScript lacks, read as MediaMTX reads it
    ['~(?i)^live/cam$', 'LIVE/Cam', true],
    ['~^live/\\Qa.b\\E$', 'live/a.b', true],
    ['~^live/\\Qa.b\\E$', 'live/axb', false],
    ['~^cams/(\\w|\\d)+$', 'cams/cam12', true],
    ['~^cams/(\\w|\\d)+$', 'cams/cam12!', false],
  ])('%s vs %s → %s', (selector, path, expected) => expect(matches(selector, path)).toBe(expected));
});

describe('bad selectors name the path field and say what to do', () => {
  it.each([
    ['', /must not be empty/],
    ['live/my cam', /contains a space; stream paths may contain only letters, digits/],
    ['live/cam%201', /contains "%"/],
    ['live/cam#1', /contains "#"/],
    ['live/caméra', /contains "é"/],
    ['live/\u0000', /control character U\+0000/],
    ['a//b', /empty segment/],
    ['/live/cam', /starts with "\/".*write live\/cam/],
    ['live/', /ends with "\/".*live\/\*\*/],
    ['live/../admin', /"\.\." segment/],
    ['live/./cam', /"\." segment/],
    ['x'.repeat(256), /256 characters long; at most 255/],
    ['a**b', /"\*\*" must be a whole segment/],
    ['live/cam**', /"\*\*" must be a whole segment/],
    ['a/**/**/b', /repeats "\*\*\/\*\*"/],
    ['**/a/**/b/**', /3 "\*\*"; at most 2/],
    ['live/cam?', /only wildcards are \* .* and \*\*/],
    ['live/cam[12]', /only wildcards are \*/],
    ['live/{a,b}', /only wildcards are \*/],
    ['~', /nothing follows it/],
    ['~(', /"~\(" is not a valid regex \(RE2 syntax, as MediaMTX reads it\): missing closing \): \(\.$/],
    ['~a**', /not a valid regex.*invalid nested repetition operator: \*\*/],
    ['~a{1001}', /not a valid regex.*invalid repeat count: \{1001\}/],
    ['~[z-a]', /not a valid regex.*invalid character class range: z-a/],
    ['~(?P<x>a)(?P<x>b)', /not a valid regex.*duplicate capture group name: x/],
    ['~^live/(?=cam)', /lookahead, which MediaMTX's regex engine \(Go RE2\) does not support/],
    ['~^live/(?!cam)', /lookahead/],
    ['~(?<=live/)cam', /lookbehind/],
    ['~(?<!live/)cam', /lookbehind/],
    ['~^(a)\\1$', /backreference \\1/],
    ['~^(?<x>a)\\k<x>$', /named backreference/],
    ['~^\\u0061$', /escape \\u/],
    ['~' + 'a'.repeat(1024), /1025 characters long; at most 1024/],
    ['~^live/[a-z]{1000}$', /compiles to 100\d regex instructions; at most 1000 are allowed/],
    ['~^[a-z]{600}[0-9]{600}$', /compiles to 120\d regex instructions; at most 1000/],
  ])('%j', (text, message) => {
    const error = (() => {
      try {
        parseSelector(text);
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(RuleInputError);
    expect((error as RuleInputError).field).toBe('path');
    expect((error as RuleInputError).message).toMatch(message);
  });

  it.each([
    '~^live/[(?=]x$', // lookahead characters inside a class are literal
    '~^live/\\(?=x', // an escaped parenthesis opens no group
    '~^\\\\1$', // an escaped backslash followed by 1 is no backreference
    '~^(a+)?b$',
    '~^live/[a-z]+/cam[0-9]{1,3}$',
    '~live\\-1', // RE2 (and MediaMTX) let any punctuation be escaped
    // Nested repetition: RE2 runs it in linear time, so there is no reason to refuse it.
    '~^(a+)+$',
    '~^([a-z]*/)*cam$',
    '~^((ab)+c){2,}$',
    '~^cams/(\\w|\\d)+$',
  ])('accepts %s', (text) => expect(parseSelector(text).kind).toBe('regex'));
});

describe('selectorToMediamtxRegex', () => {
  it.each([
    ['live/drone1', 'live/drone1'], // MediaMTX already compares plain paths exactly
    ['live/*', '~^live/[^/]*$'],
    ['live/cam*.x', '~^live/cam[^/]*\\.x$'],
    ['live/**', '~^live/[^/]+(?:/[^/]+)*$'],
    ['a/**/b', '~^a/(?:[^/]+/)*b$'],
    ['**', '~^[^/]+(?:/[^/]+)*$'],
    ['~drone', '~drone'],
  ])('%s → %s', (text, expected) => expect(selectorToMediamtxRegex(parseSelector(text))).toBe(expected));

  it('exports the very RE2 source that matches here, so MediaMTX decides as we do', () => {
    for (const text of ['live/*', 'live/**', 'a/**/b', '**', 'live/cam*.x', '**/cam*.x', '~drone', '~^cams/(\\w|\\d)+$']) {
      const parsed = parseSelector(text);
      expect([text, parsed.matcher.engine, `~${parsed.matcher.source}`]).toEqual([text, 're2', selectorToMediamtxRegex(parsed)]);
    }
  });
});
