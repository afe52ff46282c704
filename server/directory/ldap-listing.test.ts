import { afterAll, describe, expect, inject, it } from 'vitest';
import { ldapSettingsFor, startSlapd, type Slapd } from '../../test/harness/slapd.ts';
import { seedMany, SEED } from '../../test/harness/seed.ts';
import { createLdapDirectory, type LdapDirectory } from './ldap.ts';
import { normalizeDN } from './ldap-listing.ts';
import type { LdapSettings } from './types.ts';

const ldap = inject('ldap');
const opened: LdapDirectory[] = [];
const slapds: Slapd[] = [];
afterAll(async () => {
  await Promise.all(opened.map((d) => d.close()));
  await Promise.all(slapds.map((s) => s.stop()));
});

function directory(target: { url: string; baseDN: string; serviceDN: string; servicePassword: string }, overrides: Partial<LdapSettings> = {}): LdapDirectory {
  const dir = createLdapDirectory(ldapSettingsFor(target, { adminGroups: ['vid_admin', 'authentik Admins'], timeoutMs: 5_000, ...overrides }));
  opened.push(dir);
  return dir;
}

describe('listAll', () => {
  it('lists every user but the service account, with their relevant groups, and the relevant groups with member counts', async () => {
    const { users, groups } = await directory(ldap).listAll();
    const people = SEED.users.map((u) => u.username).filter((u) => u !== SEED.serviceAccount.username);
    expect(users.map((u) => u.username)).toEqual(people.sort());
    expect(users.some((u) => u.username === SEED.serviceAccount.username)).toBe(false);
    expect(users.find((u) => u.username === 'erin')).toMatchObject({
      name: 'Erin Evening',
      email: 'erin@example.test',
      active: true,
      groups: ['vid_ops; night', 'vid_public'],
    });
    expect(users.find((u) => u.username === 'carol')?.groups).toEqual([]);
    expect(users.find((u) => u.username === 'dave')?.active).toBe(false);
    expect(groups).toEqual([
      { name: 'authentik Admins', members: 1 },
      { name: 'vid_admin', members: 1 },
      { name: 'vid_ops; night', members: 1 },
      { name: 'vid_private', members: 1 },
      { name: 'vid_public', members: 3 },
    ]);
    expect(JSON.stringify({ users, groups })).not.toMatch(/tak_|Team Alpha/);
  });

  it('is cached until invalidated, and shared by concurrent callers', async () => {
    const dir = directory(ldap);
    const [a, b] = await Promise.all([dir.listAll(), dir.listAll()]);
    expect(a).toBe(b);
    expect(await dir.listAll()).toBe(a);
    await dir.invalidateListings();
    expect(await dir.listAll()).not.toBe(a);
  });

  it('reads thousands of users through paged searches', async () => {
    const slapd = await startSlapd();
    slapds.push(slapd);
    const { usernames, groupNames } = await seedMany(slapd, { users: 1_200, groups: 3 });
    const { users, groups } = await directory(slapd).listAll();
    expect(users).toHaveLength(SEED.users.length - 1 + usernames.length); // all but the service account
    for (const name of groupNames) expect(groups.find((g) => g.name === name)?.members).toBe(400);
    expect(users.find((u) => u.username === usernames[4])?.groups).toEqual([groupNames[1]]);
  }, 60_000);
});

describe('normalizeDN', () => {
  it('compares DNs the way LDAP does for these attribute types', () => {
    expect(normalizeDN('CN=Alice, OU=users,DC=ldap ,dc=io')).toBe(normalizeDN('cn=alice,ou=users,dc=ldap,dc=io'));
    expect(normalizeDN('cn=a,ou=x')).not.toBe(normalizeDN('cn=b,ou=x'));
  });
});
