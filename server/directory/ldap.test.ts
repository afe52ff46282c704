import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import getPort from 'get-port';
import { Client } from 'ldapts';
import { createLdapDirectory, type LdapDirectory } from './ldap.ts';
import { DirectoryUnavailableError, type LdapSettings } from './types.ts';
import { ldapSettingsFor, startSlapd, type Slapd } from '../../test/harness/slapd.ts';
import { addEntries, SEED } from '../../test/harness/seed.ts';

const ldap = inject('ldap');

function settingsFor(url: string, overrides: Partial<LdapSettings> = {}): LdapSettings {
  return ldapSettingsFor({ ...ldap, url }, { adminGroups: ['authentik Admins'], timeoutMs: 2000, ...overrides });
}

const opened: LdapDirectory[] = [];
function directory(overrides: Partial<LdapSettings> = {}, url = ldap.url): LdapDirectory {
  const dir = createLdapDirectory(settingsFor(url, overrides));
  opened.push(dir);
  return dir;
}

afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  await Promise.all(opened.map((d) => d.close()));
});

const password = (username: string) => SEED.users.find((u) => u.username === username)!.password;

describe('findUser against the seeded directory', () => {
  it.each([
    ['svc-overlay', []],
    ['demo-admin', ['vid_admin']],
    ['demo-viewer', ['vid_public']],
    ['alice', ['vid_private']], // "Team Alpha, West" has no vid_ prefix and is no admin group
    ['bob', ['authentik Admins']],
    ['carol', []], // tak_* groups never leave the directory module
    ['dave', ['vid_public']],
    ['erin', ['vid_ops; night', 'vid_public']],
  ])('%s gets groups %j', async (username, groups) => {
    const seeded = SEED.users.find((u) => u.username === username)!;
    const user = await directory().findUser(username);
    expect(user).toEqual({
      dn: `cn=${username},ou=users,${ldap.baseDN}`,
      username,
      name: seeded.displayName,
      email: seeded.email,
      active: seeded.active,
      groups,
    });
  });

  it('matches the login name case-insensitively and returns the directory spelling', async () => {
    expect((await directory().findUser('ALICE'))?.username).toBe('alice');
  });

  it('also works keyed on uid, and with admin groups named in another case', async () => {
    const bob = await directory({ userAttr: 'uid', adminGroups: ['AUTHENTIK ADMINS'] }).findUser('bob');
    expect(bob?.groups).toEqual(['authentik Admins']);
  });

  it('returns null for an unknown or empty name', async () => {
    const dir = directory();
    expect(await dir.findUser('nobody')).toBeNull();
    expect(await dir.findUser('')).toBeNull();
  });

  it.each(['*', 'a*)(uid=*', 'alice)(|(cn=*', '*)(objectClass=*', 'ali*', '\\2a', 'alice\0'])(
    'treats %j as a literal name, not filter syntax',
    async (name) => {
      expect(await directory().findUser(name)).toBeNull();
    },
  );
});

describe('listGroups', () => {
  it('lists stream and admin groups that exist, and never any other group', async () => {
    expect(await directory({ adminGroups: ['vid_admin', 'authentik Admins'] }).listGroups()).toEqual([
      'authentik Admins',
      'vid_admin',
      'vid_ops; night',
      'vid_private',
      'vid_public',
    ]);
  });
});

describe('authenticate', () => {
  it('returns the user for the right password', async () => {
    const erin = await directory().authenticate('erin', password('erin'));
    expect(erin).toMatchObject({ username: 'erin', active: true, groups: ['vid_ops; night', 'vid_public'] });
  });

  it('returns null for a wrong password, an unknown user and a disabled user', async () => {
    const dir = directory();
    expect(await dir.authenticate('erin', 'erin-wrong')).toBeNull();
    expect(await dir.authenticate('nobody', 'whatever')).toBeNull();
    expect(await dir.authenticate('dave', password('dave'))).toBeNull();
    expect(dir.health().state).toBe('ok');
  });

  it('never sends an empty password, nor binds as a disabled user', async () => {
    const dir = directory();
    await dir.ping();
    const bind = vi.spyOn(Client.prototype, 'bind');
    expect(await dir.authenticate('alice', '')).toBeNull();
    expect(await dir.authenticate('dave', password('dave'))).toBeNull();
    // Each still costs one bind, as a wrong password would: as nobody, with no empty password.
    expect(bind.mock.calls.map(([dn, pw]) => [String(dn).split(',')[0], pw === ''])).toEqual([
      ['cn=overlay-sign-in-no-such-user', false],
      ['cn=overlay-sign-in-no-such-user', false],
    ]);
  });

  it('cannot be tricked with a wildcard name', async () => {
    expect(await directory().authenticate('*', password('alice'))).toBeNull();
  });
});

describe('cache', () => {
  it('answers a repeated lookup without asking the directory', async () => {
    const dir = directory();
    const search = vi.spyOn(Client.prototype, 'search');
    await dir.findUser('erin');
    const afterFirst = search.mock.calls.length;
    expect(afterFirst).toBe(2); // the user, then their groups
    expect(await dir.findUser('Erin')).toMatchObject({ username: 'erin' });
    expect(await dir.findUser('nobody')).toBeNull();
    expect(await dir.findUser('nobody')).toBeNull();
    expect(search.mock.calls.length).toBe(afterFirst + 1);
    await dir.invalidate('ERIN');
    await dir.findUser('erin');
    expect(search.mock.calls.length).toBe(afterFirst + 3);
  });

  it('answers findUserCached from memory only, without a promise', async () => {
    const dir = directory();
    expect(dir.findUserCached!('erin')).toBeUndefined();
    const erin = await dir.findUser('erin');
    expect(dir.findUserCached!('Erin')).toBe(erin);
    expect(Object.isFrozen(erin) && Object.isFrozen(erin!.groups)).toBe(true);
    await dir.findUser('nobody');
    expect(dir.findUserCached!('nobody')).toBeNull();
    await dir.invalidate('ERIN');
    expect(dir.findUserCached!('erin')).toBeUndefined();
    expect(directory({ cacheTtlMs: 0 }).findUserCached!('erin')).toBeUndefined();
  });

  it('shares one lookup between concurrent misses for the same name', async () => {
    const dir = directory();
    const search = vi.spyOn(Client.prototype, 'search');
    const results = await Promise.all(['carol', 'Carol', 'CAROL'].map((n) => dir.findUser(n)));
    expect(results.map((u) => u?.username)).toEqual(['carol', 'carol', 'carol']);
    expect(search).toHaveBeenCalledTimes(2);
  });

  it('is refreshed by a successful login', async () => {
    const dir = directory();
    await dir.authenticate('alice', password('alice'));
    const search = vi.spyOn(Client.prototype, 'search');
    expect(await dir.findUser('alice')).toMatchObject({ groups: ['vid_private'] });
    expect(search).not.toHaveBeenCalled();
  });
});

describe('against a private, writable slapd', () => {
  let slapd: Slapd;
  beforeAll(async () => {
    slapd = await startSlapd({ writable: true });
  });
  afterAll(async () => {
    await slapd?.stop();
  });

  it('finds names and groups full of DN and filter metacharacters', async () => {
    const odd = { ...SEED.users[1]!, username: "o'hara (ops)*\\, #1", displayName: 'Odd Name', email: 'odd@example.test' };
    await addEntries(slapd, {
      users: [odd],
      groups: [
        { name: 'vid_a\\b, c; d', members: [odd.username] },
        { name: 'vid_x', members: ['alice'] },
      ],
    });
    const dir = directory({}, slapd.url);
    expect(await dir.findUser(odd.username)).toMatchObject({ username: odd.username, groups: ['vid_a\\b, c; d'] });
    expect(await dir.authenticate(odd.username, odd.password)).not.toBeNull();
    expect((await dir.findUser('alice'))?.groups).toEqual(['vid_private', 'vid_x']);
  });

  it('reports an outage as DirectoryUnavailableError, keeps serving the cache, then recovers', async () => {
    const dir = directory({}, slapd.url);
    await dir.findUser('alice');
    expect(dir.health()).toMatchObject({ state: 'ok' });
    const port = slapd.port;
    await slapd.stop();

    await expect(dir.findUser('bob')).rejects.toBeInstanceOf(DirectoryUnavailableError);
    await expect(dir.authenticate('alice', password('alice'))).rejects.toBeInstanceOf(DirectoryUnavailableError);
    await expect(dir.ping()).rejects.toThrow(slapd.url);
    expect(dir.health()).toMatchObject({ state: 'degraded', detail: expect.stringContaining(slapd.url) });
    expect(await dir.findUser('alice')).toMatchObject({ username: 'alice' });

    slapd = await startSlapd({ port });
    await dir.ping();
    expect(dir.health().state).toBe('ok');
    expect(await dir.findUser('bob')).toMatchObject({ groups: ['authentik Admins'] });
  });
});

describe('an unreachable directory', () => {
  it('fails fast on a closed port with a message naming the URL', async () => {
    const url = `ldap://127.0.0.1:${await getPort({ host: '127.0.0.1' })}`;
    const dir = directory({}, url);
    expect(dir.health()).toEqual({ state: 'ok', detail: expect.any(String), checkedAt: null });
    const error = await dir.findUser('alice').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirectoryUnavailableError);
    expect((error as Error).message).toContain(url);
    expect(dir.health()).toMatchObject({ state: 'degraded', checkedAt: expect.any(String) });
  });

  it('gives up after timeoutMs when the server never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as { port: number };
    try {
      const started = Date.now();
      await expect(directory({ timeoutMs: 300 }, `ldap://127.0.0.1:${port}`).findUser('alice')).rejects.toBeInstanceOf(DirectoryUnavailableError);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise((r) => silent.close(r));
    }
  });

  it('says so when the service account password is wrong', async () => {
    await expect(directory({ bindPassword: 'nope' }).ping()).rejects.toThrow(/service account/);
  });
});
