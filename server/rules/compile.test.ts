import { describe, expect, it } from 'vitest';
import { compileRules, type CompiledRules } from './compile.ts';
import { may } from '../policy/may.ts';
import type { RulePolicy } from './types.ts';
import { rule } from './test-fixtures.ts';

const policy: RulePolicy = { defaultGroups: ['vid_public'], adminGroups: ['vid_admin'], groupPrefix: 'vid_' };

const rules = [
  rule('live/a', 'vid_a'),
  rule('live/b', 'vid_b'),
  rule('live/*', 'vid_live'),
  rule('live/alpha/**', 'vid_alpha'),
  rule('~^ops/', 'vid_ops'),
  rule('live//bad', 'vid_x'),
  rule('live/a', 'vid_repeat'),
];
const paths = ['live/a', 'live/b', 'live/c', 'live/alpha/x/y', 'ops/1', 'other', 'live/new'];
const groupSets = [['vid_a'], ['vid_b'], ['vid_live'], ['vid_alpha'], ['vid_ops'], ['vid_public'], ['vid_new'], []];

/** Every decision over the paths and group sets above, to compare two compiles by what they decide. */
function decisions(compiled: CompiledRules) {
  return paths.flatMap((path) => groupSets.map((groups) => may({ groups }, 'read', path, compiled)));
}

describe('compileRules with the previous compile', () => {
  const previous = compileRules(rules, policy);
  const edited = rule('live/b', 'vid_new');
  const next = [...rules.slice(0, 1), edited, ...rules.slice(2), rule('live/new', 'vid_new')];
  const incremental = compileRules(next, policy, previous);
  const fresh = compileRules(next, policy);

  it('builds what a compile from nothing builds, and decides the same', () => {
    expect(incremental).toEqual(fresh);
    expect(decisions(incremental)).toEqual(decisions(fresh));
    expect(incremental.invalid.map((s) => s.reason)).toEqual(fresh.invalid.map((s) => s.reason));
  });

  it("reuses the unchanged rules' compiled entries and rebuilds only the changed ones", () => {
    expect(incremental.exact.get('live/a')).toBe(previous.exact.get('live/a'));
    expect(incremental.globs.map((g) => g.access)).toEqual(previous.globs.map((g) => g.access));
    incremental.globs.forEach((glob, i) => {
      expect(glob.access).toBe(previous.globs[i]!.access);
      expect(glob.matcher).toBe(previous.globs[i]!.matcher);
    });
    expect(incremental.regexes[0]!.matcher).toBe(previous.regexes[0]!.matcher);
    expect(incremental.labels.get(incremental.exact.get('live/a')!)).toBe(previous.labels.get(previous.exact.get('live/a')!));
    expect(incremental.exact.get('live/b')).not.toBe(previous.exact.get('live/b'));
    expect(incremental.exact.get('live/b')).toEqual({ groups: ['vid_new'], rule: edited, via: 'exact' });
    expect(may({ groups: ['vid_new'] }, 'read', 'live/b', incremental).allow).toBe(true);
    expect(may({ groups: ['vid_b'] }, 'read', 'live/b', incremental).allow).toBe(false);
  });

  it('hands every access the rule object of its own rules, even when an equal rule was compiled before', () => {
    const copies = next.map((r) => ({ ...r, groups: [...r.groups] }));
    const again = compileRules(copies, policy, incremental);
    expect(again.exact.get('live/a')!.rule).toBe(copies[0]);
    expect(again).toEqual(fresh);
  });

  it('does not reuse an entry whose rule was changed in place', () => {
    const mutable = [rule('live/m', 'vid_a'), rule('live/*', 'vid_live')];
    const first = compileRules(mutable, policy);
    mutable[0]!.groups = ['vid_b'];
    mutable[1]!.path = 'live/**';
    const second = compileRules(mutable, policy, first);
    expect(second).toEqual(compileRules(mutable, policy));
    expect(may({ groups: ['vid_b'] }, 'read', 'live/m', second).allow).toBe(true);
    expect(may({ groups: ['vid_live'] }, 'read', 'live/x/y', second).allow).toBe(true);
  });

  it('keeps only the current rules: a selector dropped since is parsed anew, and still reported when it fails', () => {
    const without = compileRules(
      rules.filter((r) => r.path !== 'live//bad'),
      policy,
      previous,
    );
    expect(without.invalid.map((s) => s.rule.path)).toEqual(['live/a']);
    const back = compileRules(rules, policy, without);
    expect(back).toEqual(previous);
  });
});
