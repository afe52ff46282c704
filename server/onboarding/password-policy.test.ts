import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password-policy.ts';

const fields = (password: string, repeat = password, username = 'newbie') => passwordProblems(password, repeat, username);

describe('set-password policy', () => {
  it('accepts a long password that breaks no rule', () => {
    expect(fields('river-lantern-copper-91')).toEqual([]);
  });

  it('names each rule broken, with its own message', () => {
    expect(fields('short')).toEqual([{ field: 'password', message: 'must be at least 12 characters long (it has 5)' }]);
    expect(fields('x'.repeat(129))).toEqual([{ field: 'password', message: 'must be at most 128 characters long' }]);
    expect(fields('my-NEWBIE-password')).toEqual([{ field: 'password', message: 'must not contain your username' }]);
    expect(fields('Password1234')).toEqual([{ field: 'password', message: 'is one of the most common passwords; choose another' }]);
    expect(fields('river-lantern-copper-91', 'river-lantern-copper-19')).toEqual([{ field: 'repeat', message: 'does not match the password' }]);
  });

  it('reports several problems at once', () => {
    expect(fields('newbie', 'other').map((p) => p.field)).toEqual(['password', 'password', 'repeat']);
  });

  it('counts characters, not UTF-16 units, and allows exactly the limits', () => {
    expect(fields('🔑'.repeat(11))[0]?.message).toBe('must be at least 12 characters long (it has 11)');
    expect(fields('a1'.repeat(6))).toEqual([]);
    expect(fields('b'.repeat(128))).toEqual([]);
  });

  it('does not refuse short usernames found by chance inside a password', () => {
    expect(passwordProblems('harbour-ox-lights', 'harbour-ox-lights', 'ox')).toEqual([]);
  });
});
