import { describe, expect, it } from 'vitest';
import { compileRules } from './compile.ts';
import { may } from '../policy/may.ts';
import { effectiveAccess } from './evaluate.ts';
import type { RulePolicy } from './types.ts';
import { rule } from './test-fixtures.ts';

const policy: RulePolicy = { defaultGroups: ['vid_public', 'vid_private'], adminGroups: ['vid_admin', 'authentik Admins'], groupPrefix: 'vid_' };

// Stated in an order that differs from precedence, so order alone cannot explain a result.
const rules = [
  rule('**', 'vid_everything'),
  rule('~^live/alpha/', 'vid_regex_first'),
  rule('live/**', 'vid_live_any'),
  rule('~alpha', 'vid_regex_second'),
  rule('live/*/*', 'vid_live_two'),
  rule('live/alpha/*', 'vid_alpha'),
  rule('live/alpha/cam1', 'vid_cam1'),
  rule('~^ops/', 'vid_ops_first'),
  rule('~^ops/night', 'vid_ops_second'),
  rule('**/hd', 'vid_hd'),
  rule('site/*/hd', 'vid_site_hd'),
];

describe('effectiveAccess precedence', () => {
  const compiled = compileRules(rules, policy);
  it.each([
    ['live/alpha/cam1', 'live/alpha/cam1', 'exact'], // exact beats every glob and regex
    ['live/alpha/cam2', 'live/alpha/*', 'glob'], // 11 literal characters beat 6 and 5
    ['live/beta/cam2', 'live/*/*', 'glob'], // 6 beat live/** (5) and ** (0)
    ['live/beta', 'live/**', 'glob'], // live/*/* needs two segments below live
    ['live/a/b/c', 'live/**', 'glob'],
    ['site/x/hd', 'site/*/hd', 'glob'], // 8 literal characters beat **/hd (3)
    ['x/y/hd', '**/hd', 'glob'],
    ['other', '**', 'glob'], // globs, even **, come before regexes
  ])('%s → %s (%s)', (path, selector, via) => {
    const access = effectiveAccess(compiled, path);
    expect(access.rule?.path).toBe(selector);
    expect(access.via).toBe(via);
  });

  it('tries regexes in stated order after the globs', () => {
    const withoutCatchAll = compileRules(
      rules.filter((r) => r.path !== '**'),
      policy,
    );
    expect(effectiveAccess(withoutCatchAll, 'ops/night/1').rule?.path).toBe('~^ops/'); // both match; first stated wins
    expect(effectiveAccess(withoutCatchAll, 'x/alpha').rule?.path).toBe('~alpha'); // unanchored
  });

  it('answers with objects built at compile time, so a lookup allocates nothing', () => {
    expect(effectiveAccess(compiled, 'live/beta/x')).toBe(effectiveAccess(compiled, 'live/gamma/y'));
    expect(Object.isFrozen(effectiveAccess(compiled, 'live/beta/x'))).toBe(true);
  });

  it('falls back to the default groups', () => {
    const access = effectiveAccess(compileRules([rule('live/a', 'vid_a')], policy), 'live/b');
    expect(access).toEqual({ groups: ['vid_public', 'vid_private'], rule: null, via: 'default' });
  });

  // Literal characters include the slashes: ab/** has 3 (a, b, /), *b/*/* has 3 (b, /, /).
  it.each([
    [['ab/**', '*b/*/*'], '*b/*/*'], // 3 literal characters each: fewer ** wins
    [['a*/c*/*', 'ab/*/*'], 'ab/*/*'], // 4 each, no **: fewer * wins
    [['*b/c*/*', 'a*/c*/*'], '*b/c*/*'], // 4 each, three * each: first stated wins
    [['a*/c*/*', '*b/c*/*'], 'a*/c*/*'],
  ])('breaks the tie between %j on ab/cd/ef for %s', (selectors, winner) => {
    const compiled = compileRules(
      selectors.map((selector) => rule(selector, 'vid_x')),
      policy,
    );
    expect(effectiveAccess(compiled, 'ab/cd/ef').rule?.path).toBe(winner);
  });

  it('skips selectors that no longer parse, and repeats, reporting them', () => {
    const compiled = compileRules([rule('live/a', 'vid_a'), rule('live//b', 'vid_b'), rule('live/a', 'vid_late')], policy);
    expect(compiled.invalid.map((skipped) => [skipped.rule.path, skipped.reason])).toEqual([
      ['live//b', expect.stringMatching(/empty segment/)],
      ['live/a', expect.stringMatching(/repeats an earlier rule's path/)],
    ]);
    expect(effectiveAccess(compiled, 'live/a').groups).toEqual(['vid_a']);
    expect(compiled.rules).toHaveLength(3);
    expect(compiled.policy).toMatchObject(policy);
  });
});

// JavaScript's RegExp backtracks: each of these took seconds to forever on ~40 characters (the
// first, with 27 digits, 8 s while every other auth call waited). RE2 answers in linear time. A
// relapse shows up as this test's timeout, not as a timing assertion.
describe('regex selectors run in linear time', () => {
  const digits = '1'.repeat(40);
  it.each([
    ['~^cams/(\\w|\\d)+$', 'cams/ + 40 digits + !', `cams/${digits}!`, false],
    ['~^cams/(\\w|\\d)+$', 'cams/ + 40 digits', `cams/${digits}`, true],
    ['~^(a|aa)+$', '40 a + !', `${'a'.repeat(40)}!`, false],
    ['~^(a+)+$', '40 a + !', `${'a'.repeat(40)}!`, false],
    ['~^(a+)+$', '5,000 a', 'a'.repeat(5_000), true],
  ])(
    '%s on %s → allow %s',
    (selector, _label, path, allow) => {
      const compiled = compileRules([rule(selector, 'vid_cams')], { ...policy, defaultGroups: [] });
      expect(compiled.invalid).toEqual([]);
      expect(may({ groups: ['vid_cams'] }, 'read', path, compiled).allow).toBe(allow);
    },
    2_000,
  );
});
