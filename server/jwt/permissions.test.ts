import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { may } from '../policy/may.ts';
import { compileRules } from '../rules/compile.ts';
import type { Rule, RulePolicy } from '../rules/types.ts';
import { mediamtxPermissions, type MediamtxPermission } from './permissions.ts';
import { regexLiteralPrefix } from './regex-prefix.ts';

const policy: RulePolicy = { defaultGroups: ['vid_public', 'vid_private'], adminGroups: ['vid_admin'], groupPrefix: 'vid_' };

function rule(path: string, ...groups: string[]): Rule {
  return { path, groups, updatedBy: 'test', updatedAt: '2025-01-01T00:00:00.000Z' };
}

/** The claim's paths (read and playback always come in pairs, checked separately). */
function claimPaths(rules: Rule[], groups: string[], known: string[]): string[] {
  const claim = mediamtxPermissions(compileRules(rules, policy), groups, known);
  const read = claim.filter((p) => p.action === 'read').map((p) => p.path);
  expect(claim.filter((p) => p.action === 'playback').map((p) => p.path)).toEqual(read);
  return read;
}

const re2Cache = new Map<string, RE2JS | null>();
function re2(source: string): RE2JS | null {
  if (!re2Cache.has(source)) {
    let compiled: RE2JS | null = null;
    try {
      compiled = RE2JS.compile(source);
    } catch {
      // an invalid regex matches nothing
    }
    re2Cache.set(source, compiled);
  }
  return re2Cache.get(source)!;
}

/** MediaMTX's own matching, written from its documentation: '' any, `~re` unanchored RE2, else exact. */
function mediamtxAllows(claim: readonly MediamtxPermission[], action: string, path: string): boolean {
  return claim.some((permission) => {
    if (permission.action !== action) return false;
    if (permission.path === '') return true;
    if (!permission.path.startsWith('~')) return permission.path === path;
    return re2(permission.path.slice(1))?.matcher(path).find() ?? false;
  });
}

const KNOWN = ['cam1', 'drone1', 'live/a', 'live/b', 'live/secret', 'live/alpha/x', 'ops/night', 'ops/day', 'public/news'];

describe('mediamtxPermissions', () => {
  it.each<[string, Rule[], string[], string[]]>([
    ['admins may read and play back everything', [rule('live/*', 'vid_ops')], ['vid_admin', 'vid_ops'], ['']],
    ['nothing for a user no rule and no default names', [rule('live/*', 'vid_ops')], ['vid_other'], []],
    ['an exact grant stays exact, known or not', [rule('drone9', 'vid_x')], ['vid_x'], ['drone9']],
    [
      'a glob with nothing above it that denies becomes an anchored regex',
      [rule('live/*', 'vid_ops'), rule('**', 'vid_admin')],
      ['vid_ops'],
      ['~^live/[^/]*$'],
    ],
    [
      'a denying exact rule under the glob forces listing',
      [rule('live/*', 'vid_ops'), rule('live/secret', 'vid_admin'), rule('**', 'vid_admin')],
      ['vid_ops'],
      ['live/a', 'live/b'],
    ],
    [
      'a denying exact rule elsewhere does not',
      [rule('live/*', 'vid_ops'), rule('drone1', 'vid_admin'), rule('**', 'vid_admin')],
      ['vid_ops'],
      ['~^live/[^/]*$'],
    ],
    [
      'a more specific denying glob with an overlapping prefix forces listing',
      [rule('live/**', 'vid_ops'), rule('live/alpha/*', 'vid_alpha'), rule('**', 'vid_admin')],
      ['vid_ops'],
      ['live/a', 'live/b', 'live/secret'],
    ],
    [
      'a more specific denying glob with a disjoint prefix does not',
      [rule('live/**', 'vid_ops'), rule('ops/night*', 'vid_night'), rule('**', 'vid_admin')],
      ['vid_ops'],
      ['~^live/[^/]+(?:/[^/]+)*$'],
    ],
    [
      'a less specific denying glob does not',
      [rule('live/*', 'vid_ops'), rule('live/**', 'vid_admin'), rule('**', 'vid_admin')],
      ['vid_ops'],
      ['~^live/[^/]*$'],
    ],
    ['a regex goes as written when nothing above it overlaps', [rule('~^ops/', 'vid_ops'), rule('live/*', 'vid_admin')], ['vid_ops'], ['~^ops/']],
    [
      'a denying glob with an overlapping prefix forces listing for a regex',
      [rule('live/secret*', 'vid_admin'), rule('~^live/', 'vid_ops')],
      ['vid_ops'],
      ['live/a', 'live/alpha/x', 'live/b'],
    ],
    ['an earlier denying regex that may overlap forces listing', [rule('~night', 'vid_admin'), rule('~^ops/', 'vid_ops')], ['vid_ops'], ['ops/day']],
    [
      'a regex that is an alternation as a whole has no prefix',
      [rule('ops/*', 'vid_admin'), rule('~^live/a|^ops/b', 'vid_ops')],
      ['vid_ops'],
      ['live/a', 'live/alpha/x'],
    ],
    ['an unanchored regex with any denying glob forces listing', [rule('live/*', 'vid_admin'), rule('~drone', 'vid_ops')], ['vid_ops'], ['drone1']],
    ['the default groups are always listed', [rule('live/**', 'vid_ops'), rule('ops/*', 'vid_ops')], ['vid_public'], ['cam1', 'drone1', 'public/news']],
    [
      'default and patterns together, exact paths under a pattern dropped',
      [rule('live/**', 'vid_ops'), rule('live/a', 'vid_ops')],
      ['vid_ops', 'vid_public'],
      ['~^live/[^/]+(?:/[^/]+)*$', 'cam1', 'drone1', 'ops/day', 'ops/night', 'public/news'],
    ],
  ])('%s', (_name, rules, groups, expected) => {
    expect(claimPaths(rules, groups, KNOWN)).toEqual(expected);
  });

  it('pairs read with playback for every path', () => {
    expect(mediamtxPermissions(compileRules([rule('live/*', 'vid_ops')], policy), ['vid_ops'], [])).toEqual([
      { action: 'read', path: '~^live/[^/]*$' },
      { action: 'playback', path: '~^live/[^/]*$' },
    ]);
  });

  it('writes a known path starting with ~ as a regex that matches only itself', () => {
    expect(claimPaths([], ['vid_public'], ['~odd.name'])).toEqual(['~^~odd\\.name$']);
  });
});

describe('regexLiteralPrefix', () => {
  it.each([
    ['^live/', 'live/'],
    ['^live/cam[0-9]$', 'live/cam'],
    ['^live\\.hd/x', 'live.hd/x'],
    ['^live/ab?', 'live/a'],
    ['^live/a*', 'live/'],
    ['^live/a{2}', 'live/'],
    ['^live/(a|b)', 'live/'],
    ['^live/a|^ops/', ''],
    ['live/', ''],
    ['(?i)^live/', ''],
    ['^.live', ''],
    ['^live\\d', 'live'],
  ])('%s → %o', (source, prefix) => expect(regexLiteralPrefix(source)).toBe(prefix));
});

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const some = <T>(items: readonly T[]): T[] => items.filter(() => next() < 0.4);
  return { next, pick, some };
}

const SEGMENTS = ['live', 'ops', 'cam1', 'cam2', 'a', 'b', 'night', 'hd'];
const GLOB_SEGMENTS = ['*', '**', 'cam*', '*1', 'live', 'ops', 'a'];
const REGEXES = ['~^live/', '~^ops/.*$', '~cam1$', '~^(live|ops)/a', '~^live/cam[12]$', '~a', '~^ops/night', '~^live/a|^ops/b', '~^cam', '~hd$'];
const GROUPS = ['vid_public', 'vid_private', 'vid_ops', 'vid_alpha', 'vid_night'];

describe('the claim against MediaMTX matching (property)', () => {
  it('never allows a path may() denies and allows every known path may() allows', () => {
    const rng = random(20260127);
    const samplePath = () => Array.from({ length: 1 + Math.floor(rng.next() * 3) }, () => rng.pick(SEGMENTS)).join('/');
    const sampleGlob = () => Array.from({ length: 1 + Math.floor(rng.next() * 3) }, () => rng.pick([...GLOB_SEGMENTS, ...SEGMENTS])).join('/');
    let patternsSeen = 0;
    for (let round = 0; round < 2000; round++) {
      const rules: Rule[] = [];
      const ruleCount = Math.floor(rng.next() * 8);
      for (let i = 0; i < ruleCount; i++) {
        const kind = rng.next();
        const selector = kind < 0.3 ? samplePath() : kind < 0.7 ? sampleGlob() : rng.pick(REGEXES);
        rules.push(rule(selector, ...rng.some(GROUPS)));
      }
      const compiled = compileRules(rules, policy);
      const universe = [...new Set(Array.from({ length: 60 }, samplePath))];
      const known = universe.filter(() => rng.next() < 0.5);
      const groups = rng.some(GROUPS);
      const claim = mediamtxPermissions(compiled, groups, known);
      patternsSeen += claim.filter((p) => p.path.startsWith('~')).length;
      for (const path of universe) {
        const allowed = may({ groups }, 'read', path, compiled).allow;
        for (const action of ['read', 'playback']) {
          const mediamtx = mediamtxAllows(claim, action, path);
          if (mediamtx === allowed || (allowed && !known.includes(path))) continue;
          const context = { round, rules: rules.map((r) => `${r.path} → ${r.groups.join(',')}`), groups, path, action, claim };
          expect.fail(`MediaMTX would ${mediamtx ? 'allow' : 'deny'} what may() ${allowed ? 'allows' : 'denies'}: ${JSON.stringify(context)}`);
        }
      }
    }
    expect(patternsSeen).toBeGreaterThan(100); // the property also covers patterns, not only lists
  });
});
