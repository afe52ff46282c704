/**
 * The console panels' API read from the seeded directory (read-only: no writer configured):
 * /me, /groups, /users, /paths, and who may call what. No response ever names a tak_* group.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';

let stack: Stack;
/** Every response body this file saw, to prove no tak_* group ever leaves the server. */
const seen: string[] = [];

beforeAll(async () => {
  stack = await startStack({ mode: 'forward-auth', ldap: inject('ldap') });
});
afterAll(() => stack?.stop());

async function api(path: string, options: { user?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...asForwardAuthUser(options.user ?? 'demo-admin'), Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${stack.overlay.url}/_overlay/api${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  seen.push(text);
  return { status: res.status, body: JSON.parse(text) as Record<string, any> };
}

const usernames = (body: Record<string, any>) => (body.users as Array<{ username: string }>).map((u) => u.username);

describe('GET /me', () => {
  it('describes a viewer', async () => {
    const { status, body } = await api('/me', { user: 'demo-viewer' });
    expect(status).toBe(200);
    expect(body).toEqual({
      username: 'demo-viewer',
      name: 'Demo Viewer',
      role: 'viewer',
      groups: ['vid_public'],
      groupPrefix: 'vid_',
      adminGroups: ['vid_admin'],
      logoutUrl: '/logout',
      mode: 'forward-auth',
      takPortalUrl: null,
      directoryWrite: null,
      passwordUrl: null,
    });
  });

  it('describes admins, with stream groups only', async () => {
    expect((await api('/me')).body).toMatchObject({ username: 'demo-admin', name: 'Demo Admin', role: 'admin', groups: ['vid_admin'] });
    // bob is an admin through "authentik Admins", which is no stream group.
    expect((await api('/me', { user: 'bob' })).body).toMatchObject({ role: 'admin', groups: [] });
  });

  it('is refused to people without stream access', async () => {
    expect((await api('/me', { user: 'carol' })).status).toBe(403);
  });
});

describe('GET /groups', () => {
  it('lists only prefixed groups, with member counts, sorted', async () => {
    const { status, body } = await api('/groups');
    expect(status).toBe(200);
    expect(body).toEqual({
      groups: [
        { name: 'vid_admin', members: 1 },
        { name: 'vid_ops; night', members: 1 },
        { name: 'vid_private', members: 1 },
        { name: 'vid_public', members: 3 },
      ],
    });
  });
});

describe('GET /users', () => {
  it('lists everyone, sorted by username, with prefixed groups only', async () => {
    const { body } = await api('/users');
    expect(body).toMatchObject({ total: 7, page: 0, pageSize: 25 });
    // The overlay's service account is not listed: it is no person to manage.
    expect(usernames(body)).toEqual(['alice', 'bob', 'carol', 'dave', 'demo-admin', 'demo-viewer', 'erin']);
    const byName = Object.fromEntries((body.users as Array<Record<string, any>>).map((u) => [u.username, u]));
    expect(byName.alice).toEqual({ username: 'alice', name: 'Alice Anders', email: 'alice@example.test', active: true, groups: ['vid_private'] });
    expect(byName.bob.groups).toEqual([]);
    expect(byName.carol.groups).toEqual([]);
    expect(byName.dave).toMatchObject({ active: false, groups: ['vid_public'] });
    expect(byName.erin.groups).toEqual(['vid_ops; night', 'vid_public']);
  });

  it('searches username, name and email without case', async () => {
    expect(usernames((await api('/users?search=ALI')).body)).toEqual(['alice']);
    expect(usernames((await api('/users?search=brown')).body)).toEqual(['bob']);
    expect(usernames((await api('/users?search=erin%40example')).body)).toEqual(['erin']);
    expect(usernames((await api('/users?search=demo')).body)).toEqual(['demo-admin', 'demo-viewer']);
    expect((await api('/users?search=nobody')).body).toMatchObject({ users: [], total: 0 });
  });

  it('pages and sorts', async () => {
    const second = await api('/users?pageSize=3&page=1');
    expect(second.body).toMatchObject({ total: 7, page: 1, pageSize: 3 });
    expect(usernames(second.body)).toEqual(['dave', 'demo-admin', 'demo-viewer']);
    expect(usernames((await api('/users?sort=name&order=desc&pageSize=2')).body)).toEqual(['erin', 'demo-viewer']);
    expect(usernames((await api('/users?sort=email&search=demo&order=desc')).body)).toEqual(['demo-viewer', 'demo-admin']);
  });

  it.each([
    ['pageSize=0', 'pageSize'],
    ['pageSize=101', 'pageSize'],
    ['page=-1', 'page'],
    ['sort=password', 'sort'],
    ['order=up', 'order'],
  ])('refuses ?%s naming the parameter', async (query, field) => {
    const { status, body } = await api(`/users?${query}`);
    expect([status, body.field]).toEqual([400, field]);
  });
});

describe('writes without a writer', () => {
  it('says how to make the directory writable', async () => {
    for (const res of [
      await api('/users/alice/groups/vid_public', { method: 'PUT' }),
      await api('/users/alice/groups/vid_private', { method: 'DELETE' }),
      await api('/groups', { method: 'POST', body: { name: 'vid_new' } }),
    ]) {
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('directory is read-only: set DIRECTORY_WRITE=ldap or AUTHENTIK_URL/AUTHENTIK_TOKEN');
    }
  });

  it('checks the group before anything else', async () => {
    const tak = await api('/users/alice/groups/tak_cyan', { method: 'PUT' });
    expect([tak.status, tak.body.field]).toEqual([400, 'group']);
    const bad = await api('/groups', { method: 'POST', body: { name: 'tak_new' } });
    expect([bad.status, bad.body.field]).toEqual([400, 'name']);
  });
});

describe('GET /paths and /paths/viewers', () => {
  beforeAll(async () => {
    for (const rule of [
      { path: 'drone1', groups: ['vid_private'] },
      { path: 'live/*', groups: ['vid_private', 'vid_ops; night'] },
    ]) {
      const version = stack.overlay.services!.rules.version();
      const res = await api('/rules', { method: 'PUT', body: rule, headers: { 'If-Match': `"${version}"` } });
      expect(res.status).toBe(200);
    }
  });

  it('lists configured, active and rule paths with their access and how many non-admins see them', async () => {
    const { status, body } = await api('/paths');
    expect(status).toBe(200);
    expect(body.paths).toEqual([
      // Default groups vid_public and vid_private: demo-viewer, erin (public) and alice (private); dave is disabled.
      { path: 'cam1', configured: false, active: true, access: { groups: ['vid_public', 'vid_private'], rule: null, via: 'default' }, viewers: 3 },
      { path: 'drone1', configured: false, active: true, access: { groups: ['vid_private'], rule: 'drone1', via: 'exact' }, viewers: 1 },
      { path: 'live/*', configured: false, active: false, access: { groups: ['vid_private', 'vid_ops; night'], rule: 'live/*', via: 'glob' }, viewers: 2 },
      { path: 'teststream', configured: true, active: true, access: { groups: ['vid_public', 'vid_private'], rule: null, via: 'default' }, viewers: 3 },
    ]);
  });

  it('names who can see a path', async () => {
    expect((await api('/paths/viewers?path=cam1')).body).toEqual({
      path: 'cam1',
      users: [
        { username: 'alice', name: 'Alice Anders' },
        { username: 'demo-viewer', name: 'Demo Viewer' },
        { username: 'erin', name: 'Erin Evening' },
      ],
    });
    expect(usernames((await api('/paths/viewers?path=live/cam9')).body)).toEqual(['alice', 'erin']);
    expect(usernames((await api(`/paths/viewers?path=${encodeURIComponent('live/*')}`)).body)).toEqual(['alice', 'erin']);
    expect((await api('/paths/viewers')).body.field).toBe('path');
  });
});

describe('who may call what', () => {
  it.each([
    ['GET', '/groups'],
    ['POST', '/groups'],
    ['GET', '/users'],
    ['PUT', '/users/demo-viewer/groups/vid_private'],
    ['DELETE', '/users/demo-viewer/groups/vid_public'],
    ['GET', '/paths'],
    ['GET', '/paths/viewers?path=cam1'],
    ['GET', '/rules'],
    ['GET', '/access?path=cam1'],
    ['GET', '/audit'],
    ['GET', '/decisions'],
  ])('a viewer gets 403 on %s %s', async (method, path) => {
    const res = await api(path, { user: 'demo-viewer', method, ...(method === 'POST' && { body: { name: 'vid_x' } }) });
    expect(res.status).toBe(403);
  });

  it('never sends a tak_* group or any other non-stream group, in any answer', () => {
    expect(seen.length).toBeGreaterThan(20);
    for (const body of seen) {
      expect(body).not.toContain('tak_');
      expect(body).not.toContain('Team Alpha');
      expect(body).not.toContain('authentik Admins');
    }
  });
});
