/** The shared password check against the seeded slapd: the same work on every failure, one budget per name. */
import { afterAll, afterEach, describe, expect, inject, it, vi } from 'vitest';
import { Client } from 'ldapts';
import { createLdapDirectory, type LdapDirectory } from '../directory/ldap.ts';
import { createFailureThrottle } from '../http/failure-throttle.ts';
import { ldapSettingsFor } from '../../test/harness/slapd.ts';
import { createPasswordCheck, failureKey } from './password-check.ts';

const ldap = inject('ldap');
const opened: LdapDirectory[] = [];
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  await Promise.all(opened.map((d) => d.close()));
});

/** A fresh directory (nothing cached) and fresh budgets: 5 per name, 20 per address. */
async function setup() {
  const directory = createLdapDirectory(ldapSettingsFor(ldap));
  opened.push(directory);
  await directory.ping(); // the service account's own bind, out of the way of the counts below
  return { directory, check: createPasswordCheck({ directory, throttle: createFailureThrottle({ perUser: 5, perIp: 20, windowSeconds: 60 }) }) };
}

/** What one check asked of the directory: searches (by base), binds (by DN). */
async function traffic(run: () => Promise<unknown>) {
  const search = vi.spyOn(Client.prototype, 'search');
  const bind = vi.spyOn(Client.prototype, 'bind');
  const result = await run();
  const calls = { searches: search.mock.calls.map((c) => String(c[0]).split(',')[0]), binds: bind.mock.calls.map((c) => String(c[0]).split(',')[0]) };
  search.mockRestore();
  bind.mockRestore();
  return { result, ...calls };
}

describe('failureKey', () => {
  it.each([['eve'], ['EVE'], [' eve'], ['eve\u00a0'], ['ｅｖｅ'], ['ＥＶＥ'], ['ℯve'], ['\u3000eve']])('folds %j to eve', (name) => {
    expect(failureKey(name)).toBe('eve');
  });
});

describe('the password check', () => {
  it.each([
    ['an unknown name', 'nobody-here', 'whatever'],
    ['a disabled user, right password', 'dave', 'dave-pass'],
    ['a wrong password', 'erin', 'erin-wrong'],
    ['a name outside the plain character set, right password', 'ｅｒｉｎ', 'erin-pass'],
    ['a wildcard', '*', 'erin-pass'],
    ['an empty password', 'erin', ''],
  ])('%s: refused after one user search and one bind, never as the user', async (_case, username, password) => {
    const { check } = await setup();
    const seen = await traffic(() => check(username, password, '10.0.0.1'));
    expect(seen.result).toEqual({ kind: 'refused' });
    expect(seen.searches).toEqual(['ou=users']);
    expect(seen.binds).toHaveLength(1);
    if (username !== 'erin' || password === '') expect(seen.binds[0]).toBe('cn=overlay-sign-in-no-such-user');
  });

  it('reads the groups only after a right password', async () => {
    const { check } = await setup();
    const seen = await traffic(() => check('Erin', 'erin-pass', '10.0.0.1'));
    expect(seen.result).toMatchObject({ kind: 'user', user: { username: 'erin', groups: ['vid_ops; night', 'vid_public'] } });
    expect([seen.searches, seen.binds]).toEqual([['ou=users', 'ou=groups'], ['cn=erin']]);
  });

  it("counts every spelling of a name under the directory's name, and an unknown one where the real one would be", async () => {
    const { check } = await setup();
    for (const spelling of ['ERIN', 'ｅｒｉｎ', ' erin', 'ℯrin', 'erin']) expect(await check(spelling, 'wrong', '10.0.0.2')).toEqual({ kind: 'refused' });
    expect(await check('erin', 'erin-pass', '10.0.0.3')).toMatchObject({ kind: 'throttled' });
    for (let i = 0; i < 5; i++) await check('ｎｏｂｏｄｙ', 'wrong', '10.0.0.4');
    const blocked = await traffic(() => check('nobody', 'wrong', '10.0.0.5'));
    expect(blocked.result).toMatchObject({ kind: 'throttled' });
    expect([blocked.searches, blocked.binds]).toEqual([[], []]); // over the limit costs the directory nothing
  });

  it('refuses a right password for a lookalike of a real name', async () => {
    const { check } = await setup();
    for (const spelling of ['ｅｒｉｎ', 'ＥＲＩＮ', 'ℯrin', 'er\u200bin']) expect(await check(spelling, 'erin-pass', '10.0.0.6')).toEqual({ kind: 'refused' });
    expect(await check('erin', 'erin-pass', '10.0.0.6')).toMatchObject({ kind: 'user' });
  });
});
