import { describe, expect, it } from 'vitest';
import { RuleInputError } from './rule-input-error.ts';
import { validateRuleInput } from './validate.ts';

const policy = { groupPrefix: 'vid_' };

function failure(input: unknown): { field: string; message: string } {
  try {
    validateRuleInput(input, policy);
  } catch (error) {
    expect(error).toBeInstanceOf(RuleInputError);
    return { field: (error as RuleInputError).field, message: (error as RuleInputError).message };
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe('validateRuleInput accepts', () => {
  it('a rule, dropping repeated groups and keeping their order', () => {
    expect(validateRuleInput({ path: 'live/*', groups: ['vid_b', 'vid_a', 'vid_b'] }, policy)).toEqual({
      path: 'live/*',
      groups: ['vid_b', 'vid_a'],
    });
  });

  it('group names with spaces and commas, as directories allow', () => {
    expect(validateRuleInput({ path: '~^ops/', groups: ['vid_ops; night', 'vid_Team Alpha, West'] }, policy).groups).toHaveLength(2);
  });

  it('an object without a prototype (as some JSON parsers produce)', () => {
    const input = Object.assign(Object.create(null), { path: 'live/a', groups: ['vid_a'] });
    expect(validateRuleInput(input, policy).path).toBe('live/a');
  });
});

describe('validateRuleInput refuses, naming the field', () => {
  it.each([
    ['a non-object body (string)', 'live/a', 'body', /must be an object like \{"path"/],
    ['a non-object body (null)', null, 'body', /got null/],
    ['a non-object body (array)', [{ path: 'live/a', groups: ['vid_a'] }], 'body', /got an array/],
    ['an unknown key', { path: 'live/a', groups: ['vid_a'], note: 'x' }, 'note', /unknown field "note"; a rule has only "path" and "groups"/],
    ['several unknown keys', { path: 'live/a', group: ['vid_a'], by: 'me' }, 'group', /unknown fields "group", "by"/],
    ['a missing path', { groups: ['vid_a'] }, 'path', /path is required/],
    ['a non-string path', { path: 7, groups: ['vid_a'] }, 'path', /path must be a string; got a number/],
    ['an empty path', { path: '', groups: ['vid_a'] }, 'path', /must not be empty/],
    ['a bad selector', { path: 'live//a', groups: ['vid_a'] }, 'path', /empty segment/],
    ['a bad regex', { path: '~(?=x)', groups: ['vid_a'] }, 'path', /lookahead/],
    ['missing groups', { path: 'live/a' }, 'groups', /groups is required.*\["vid_alpha"\]/],
    ['non-array groups', { path: 'live/a', groups: 'vid_a' }, 'groups', /must be an array of group names.*got a string/],
    ['empty groups', { path: 'live/a', groups: [] }, 'groups', /at least one group/],
    ['too many groups', { path: 'live/a', groups: Array.from({ length: 101 }, (_, i) => `vid_${i}`) }, 'groups', /101 groups; at most 100/],
    ['a non-string group', { path: 'live/a', groups: ['vid_a', 3] }, 'groups[1]', /must be a group name \(a string\); got a number/],
    ['an empty group', { path: 'live/a', groups: [''] }, 'groups[0]', /is empty/],
    ['a long group', { path: 'live/a', groups: ['vid_' + 'x'.repeat(253)] }, 'groups[0]', /257 characters long; at most 256/],
    [
      'a group without the prefix',
      { path: 'live/a', groups: ['vid_a', 'vid_b', 'tak_cyan'] },
      'groups[2]',
      /"tak_cyan" is not a stream group: stream groups start with "vid_"/,
    ],
    ['a TAK Portal group whatever the prefix', { path: 'live/a', groups: ['vid_a', 'TAK_x'] }, 'groups[1]', /"TAK_x" is not a stream group/],
  ])('%s', (_, input, field, message) => {
    const { field: actualField, message: actualMessage } = failure(input);
    expect(actualField).toBe(field);
    expect(actualMessage).toMatch(message);
  });

  it('reads the prefix without case, as the directory compares group names', () => {
    expect(validateRuleInput({ path: 'live/a', groups: ['VID_a', 'Vid_B'] }, { groupPrefix: 'vid_' }).groups).toEqual(['VID_a', 'Vid_B']);
    expect(() => validateRuleInput({ path: 'live/a', groups: ['tak_x'] }, { groupPrefix: 'ta' })).toThrow(/"tak_x" is not a stream group/);
  });

  it('treats an empty prefix as matching no group', () => {
    expect(() => validateRuleInput({ path: 'live/a', groups: ['vid_a'] }, { groupPrefix: '' })).toThrow(RuleInputError);
  });
});
