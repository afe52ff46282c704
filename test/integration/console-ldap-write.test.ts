/**
 * Group changes written into LDAP (DIRECTORY_WRITE=ldap) through the console API, on a private
 * writable slapd: the group entry's `member` really changes, the acting admin sees it at once,
 * and taking access away kicks the person's running sessions.
 */
import { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlapd, type Slapd } from '../harness/slapd.ts';
import { groupDN, userDN } from '../harness/seed.ts';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';

let slapd: Slapd;
let stack: Stack;
beforeAll(async () => {
  slapd = await startSlapd({ writable: true });
  // REVOCATION_INTERVAL=0: no timed sweeps, so a kick can only come from the sweep a removal starts.
  stack = await startStack({ mode: 'forward-auth', ldap: slapd, env: { DIRECTORY_WRITE: 'ldap', REVOCATION_INTERVAL: '0' } });
});
afterAll(async () => {
  await stack?.stop();
  await slapd?.stop();
});

async function api(method: string, path: string, options: { user?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { ...asForwardAuthUser(options.user ?? 'demo-admin'), Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${stack.overlay.url}/_overlay/api${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  expect(text).not.toContain('tak_');
  return { status: res.status, body: JSON.parse(text) as Record<string, any> };
}

/** The group's members as slapd holds them, read as the root DN (not through the overlay). */
async function members(group: string): Promise<string[]> {
  const client = new Client({ url: slapd.url });
  try {
    await client.bind(slapd.rootDN, slapd.rootPassword);
    const { searchEntries } = await client.search(groupDN(slapd.baseDN, group), { scope: 'base', attributes: ['member'] });
    const raw = searchEntries[0]?.member ?? [];
    return (Array.isArray(raw) ? raw : [raw]).map(String).sort();
  } finally {
    await client.unbind();
  }
}
const dn = (username: string) => userDN(slapd.baseDN, username);

describe('membership through LDAP', () => {
  it('says who writes', async () => {
    expect((await api('GET', '/me')).body.directoryWrite).toBe('ldap');
  });

  it('adds a member: the entry changes, the answer and the next reads show it at once', async () => {
    expect((await api('GET', '/me', { user: 'carol' })).status).toBe(403); // no stream group yet
    const res = await api('PUT', '/users/carol/groups/vid_public');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ username: 'carol', name: 'Carol Cyan', email: 'carol@example.test', active: true, groups: ['vid_public'] });
    expect(await members('vid_public')).toContain(dn('carol'));
    expect((await api('GET', '/users?search=carol')).body.users[0].groups).toEqual(['vid_public']);
    expect((await api('GET', '/groups')).body.groups).toContainEqual({ name: 'vid_public', members: 4 });
    // Carol's own cached lookup was dropped too: she is a viewer on her very next request.
    expect((await api('GET', '/me', { user: 'carol' })).body).toMatchObject({ role: 'viewer', groups: ['vid_public'] });
    // Adding again changes nothing and is no error.
    expect((await api('PUT', '/users/carol/groups/vid_public')).status).toBe(200);
    expect((await members('vid_public')).filter((m) => m === dn('carol'))).toHaveLength(1);
  });

  it('removes a member, and kicks their running sessions at once', async () => {
    const id = crypto.randomUUID();
    const allowed = await fetch(`${stack.overlay.url}/auth/mediamtx`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: 'erin', password: 'erin-pass', ip: '10.0.0.9', action: 'read', path: 'cam1', protocol: 'rtsp', id, query: '' }),
    });
    expect(allowed.status).toBe(204); // cam1 has no rule: vid_public (a default group) sees it
    stack.mediamtx.addSession('rtspsessions', { id, path: 'cam1', user: 'erin', remoteAddr: '10.0.0.9:5000' });

    const res = await api('DELETE', '/users/erin/groups/vid_public');
    expect(res.status).toBe(200);
    expect(res.body.groups).toEqual(['vid_ops; night']);
    expect(await members('vid_public')).not.toContain(dn('erin'));
    await expect.poll(() => stack.mediamtx.kicks.map((k) => k.id), { timeout: 5_000, interval: 25 }).toEqual([id]);
    // Removing again changes nothing and is no error.
    expect((await api('DELETE', '/users/erin/groups/vid_public')).status).toBe(200);
  });

  it('refuses unknown people and groups, and groups without the prefix', async () => {
    expect(await api('PUT', '/users/ghost/groups/vid_public')).toMatchObject({ status: 404, body: { field: 'username' } });
    expect(await api('PUT', '/users/alice/groups/vid_nowhere')).toMatchObject({ status: 404, body: { field: 'group' } });
    expect(await api('PUT', '/users/alice/groups/tak_cyan')).toMatchObject({ status: 400, body: { field: 'group' } });
    expect(await api('PUT', '/users/alice/groups/Team%20Alpha%2C%20West')).toMatchObject({ status: 400, body: { field: 'group' } });
    expect(await members('tak_cyan')).not.toContain(dn('alice'));
  });

  it('handles group names with spaces and semicolons in the URL', async () => {
    const res = await api('PUT', `/users/alice/groups/${encodeURIComponent('vid_ops; night')}`);
    expect(res.status).toBe(200);
    expect(res.body.groups).toEqual(['vid_ops; night', 'vid_private']);
    expect(await members('vid_ops; night')).toContain(dn('alice'));
  });

  it('keeps an LDAP group from losing its last member, and an admin from locking themselves out', async () => {
    const last = await api('DELETE', '/users/alice/groups/vid_private');
    expect(last).toMatchObject({ status: 409, body: { field: 'group' } });
    expect(last.body.error).toMatch(/last member of vid_private/);
    expect(await members('vid_private')).toEqual([dn('alice')]);
    const self = await api('DELETE', '/users/demo-admin/groups/vid_admin');
    expect(self.status).toBe(409);
    expect(await members('vid_admin')).toEqual([dn('demo-admin')]);
  });
});

describe('creating groups in LDAP', () => {
  it('creates a groupOfNames with the acting admin as its first member', async () => {
    const res = await api('POST', '/groups', { body: { name: 'vid_ops-day' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ name: 'vid_ops-day', members: 1 });
    expect(await members('vid_ops-day')).toEqual([dn('demo-admin')]);
    expect((await api('GET', '/groups')).body.groups.map((g: { name: string }) => g.name)).toContain('vid_ops-day');
    // The new group is usable at once, in memberships and in rules.
    expect((await api('PUT', '/users/bob/groups/vid_ops-day')).status).toBe(200);
    const version = stack.overlay.services!.rules.version();
    const rule = await fetch(`${stack.overlay.url}/_overlay/api/rules`, {
      method: 'PUT',
      headers: { ...asForwardAuthUser('demo-admin'), 'Content-Type': 'application/json', 'If-Match': `"${version}"` },
      body: JSON.stringify({ path: 'day/*', groups: ['vid_ops-day'] }),
    });
    expect(rule.status).toBe(200);
  });

  it.each([
    [{ name: 'ops-day' }, 'name'],
    [{ name: 'tak_ops' }, 'name'],
    [{ name: 'vid_ops;day' }, 'name'],
    [{ name: 'vid_' }, 'name'],
    [{ name: 'vid_x', members: ['alice'] }, 'members'],
  ])('refuses %o naming the field', async (body, field) => {
    const res = await api('POST', '/groups', { body });
    expect([res.status, res.body.field]).toEqual([400, field]);
    if (field === 'name') expect(res.body.error).toMatch(/must be "vid_" followed by 1 to 64 letters/);
  });

  it('refuses a group that exists, whatever its case', async () => {
    expect(await api('POST', '/groups', { body: { name: 'vid_public' } })).toMatchObject({ status: 409, body: { field: 'name' } });
    expect(await api('POST', '/groups', { body: { name: 'vid_PUBLIC' } })).toMatchObject({ status: 409, body: { field: 'name' } });
  });

  it('is admin-only', async () => {
    expect((await api('POST', '/groups', { user: 'demo-viewer', body: { name: 'vid_mine' } })).status).toBe(403);
    expect((await api('PUT', '/users/demo-viewer/groups/vid_admin', { user: 'demo-viewer' })).status).toBe(403);
    expect(await members('vid_admin')).toEqual([dn('demo-admin')]);
  });
});
