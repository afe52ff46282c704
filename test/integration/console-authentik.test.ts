/**
 * The console panels against the Authentik API (its double): reading people and groups when there
 * is no LDAP, and writing membership with add_user/remove_user — never the replace-all user PATCH,
 * which would also drop every tak_* membership the person has.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { authentikSeed, startAuthentikDouble, type AuthentikDouble } from '../doubles/authentik/index.ts';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';

const TOKEN = 'ak-console-test-token';
let ak: AuthentikDouble;
beforeAll(async () => {
  ak = await startAuthentikDouble({ token: TOKEN, ...authentikSeed() });
});
afterAll(() => ak?.stop());

const ADMIN = asForwardAuthUser('demo-admin', ['vid_admin', 'tak_ROLE_ADMIN']);
const VIEWER = asForwardAuthUser('demo-viewer', ['vid_public']);

async function api(stack: Stack, method: string, path: string, options: { as?: Record<string, string>; body?: unknown } = {}) {
  const headers: Record<string, string> = { ...(options.as ?? ADMIN), Accept: 'application/json' };
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

const writes = () => ak.calls.filter((c) => c.method !== 'GET');
const pkOf = (username: string) => ak.model.userNamed(username)!.pk;
const uuidOf = (group: string) => ak.model.groupNamed(group)!.pk;

describe('with Authentik only (no LDAP)', () => {
  let stack: Stack;
  beforeAll(async () => {
    // No cache: each read asks the double, so a switch of its group shape shows at once.
    stack = await startStack({ mode: 'forward-auth-headers-only', env: { AUTHENTIK_URL: ak.url, AUTHENTIK_TOKEN: TOKEN, DIRECTORY_CACHE_TTL: '0' } });
  });
  afterAll(() => stack?.stop());

  it("says who writes, from the headers' groups", async () => {
    expect((await api(stack, 'GET', '/me')).body).toMatchObject({ role: 'admin', groups: ['vid_admin'], directoryWrite: 'authentik' });
    expect((await api(stack, 'GET', '/me', { as: VIEWER })).body).toMatchObject({ role: 'viewer', groups: ['vid_public'] });
  });

  it("sends people to Authentik's user settings to change their password", async () => {
    expect((await api(stack, 'GET', '/me', { as: VIEWER })).body.passwordUrl).toBe(`${ak.url}/if/user/#/settings`);
  });

  it.each(['parent', 'parents'] as const)('lists prefixed groups with member counts from the API (%s shape)', async (shape) => {
    ak.setGroupShape(shape);
    try {
      expect((await api(stack, 'GET', '/groups')).body.groups).toEqual([
        { name: 'vid_admin', members: 1 },
        { name: 'vid_alpha', members: 1 },
        { name: 'vid_ops; night', members: 1 },
        { name: 'vid_private', members: 1 },
        { name: 'vid_public', members: 3 },
      ]);
    } finally {
      ak.setGroupShape('parents');
    }
  });

  it("lists people (not the outpost's own account), searchable and paged", async () => {
    const { body } = await api(stack, 'GET', '/users?pageSize=100');
    expect(body.total).toBe(8);
    expect(body.users.map((u: { username: string }) => u.username)).not.toContain('ak-outpost-0123');
    expect(body.users.find((u: { username: string }) => u.username === 'alice')).toEqual({
      username: 'alice',
      name: 'Alice Anders',
      email: 'alice@example.test',
      active: true,
      groups: ['vid_alpha', 'vid_private'],
    });
    expect((await api(stack, 'GET', '/users?search=EVENING')).body.users.map((u: { username: string }) => u.username)).toEqual(['erin']);
  });

  it('adds and removes with add_user/remove_user and the right pks, never the user PATCH', async () => {
    ak.calls.length = 0;
    const added = await api(stack, 'PUT', '/users/carol/groups/vid_public');
    expect(added).toMatchObject({ status: 200, body: { username: 'carol', groups: ['vid_public'] } });
    expect(ak.membersOf('vid_public')).toContain('carol');
    expect(ak.membersOf('tak_ROLE_ADMIN')).toEqual(['carol']); // her TAK role is untouched
    const removed = await api(stack, 'DELETE', '/users/carol/groups/vid_public');
    expect(removed).toMatchObject({ status: 200, body: { groups: [] } });
    expect(ak.membersOf('vid_public')).not.toContain('carol');
    expect(ak.membersOf('tak_cyan')).toEqual(['carol', 'erin']);
    expect(writes().map((c) => [c.method, c.path, c.body])).toEqual([
      ['POST', `/api/v3/core/groups/${uuidOf('vid_public')}/add_user/`, { pk: pkOf('carol') }],
      ['POST', `/api/v3/core/groups/${uuidOf('vid_public')}/remove_user/`, { pk: pkOf('carol') }],
    ]);
    expect(ak.calls.every((c) => c.authorized)).toBe(true);
  });

  it('creates a group (empty) with the prefix enforced', async () => {
    ak.calls.length = 0;
    expect(await api(stack, 'POST', '/groups', { body: { name: 'vid_ops-day' } })).toEqual({ status: 201, body: { name: 'vid_ops-day', members: 0 } });
    expect(ak.model.groupNamed('vid_ops-day')).toMatchObject({ is_superuser: false });
    expect(await api(stack, 'POST', '/groups', { body: { name: 'ops-day' } })).toMatchObject({ status: 400, body: { field: 'name' } });
    expect(await api(stack, 'POST', '/groups', { body: { name: 'vid_ops-day' } })).toMatchObject({ status: 409 });
    expect(writes().map((c) => [c.method, c.path, c.body])).toEqual([['POST', '/api/v3/core/groups/', { name: 'vid_ops-day', is_superuser: false }]]);
  });

  it('refuses unknown people and groups, and viewers', async () => {
    expect(await api(stack, 'PUT', '/users/ghost/groups/vid_public')).toMatchObject({ status: 404, body: { field: 'username' } });
    expect(await api(stack, 'PUT', '/users/alice/groups/vid_none')).toMatchObject({ status: 404, body: { field: 'group' } });
    expect((await api(stack, 'PUT', '/users/demo-viewer/groups/vid_admin', { as: VIEWER })).status).toBe(403);
    expect(ak.calls.some((c) => c.method === 'PATCH')).toBe(false);
  });
});

describe('with LDAP and Authentik both configured', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ mode: 'forward-auth', ldap: inject('ldap'), env: { AUTHENTIK_URL: ak.url, AUTHENTIK_TOKEN: TOKEN, DIRECTORY_WRITE: 'ldap' } });
  });
  afterAll(() => stack?.stop());

  it('reads from LDAP but writes through Authentik, which wins over DIRECTORY_WRITE=ldap', async () => {
    expect((await api(stack, 'GET', '/me', { as: asForwardAuthUser('demo-admin') })).body.directoryWrite).toBe('authentik');
    // vid_alpha exists only in Authentik: the LDAP listing does not show it.
    expect((await api(stack, 'GET', '/groups', { as: asForwardAuthUser('demo-admin') })).body.groups.map((g: { name: string }) => g.name)).not.toContain(
      'vid_alpha',
    );
    ak.calls.length = 0;
    const res = await api(stack, 'PUT', '/users/bob/groups/vid_private', { as: asForwardAuthUser('demo-admin') });
    expect(res).toMatchObject({ status: 200, body: { username: 'bob', groups: ['vid_private'] } });
    expect(writes().map((c) => c.path)).toEqual([`/api/v3/core/groups/${uuidOf('vid_private')}/add_user/`]);
    expect(ak.membersOf('vid_private')).toContain('bob');
  });
});
