/**
 * Group names compare without case, as LDAP compares them, everywhere the overlay decides: the
 * seeded directory spells `authentik Admins`, ADMIN_GROUPS says `Authentik Admins`, and a rule may
 * name `VID_Private` for the directory's `vid_private`.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { askMediamtxAuth } from '../harness/overlay-calls.ts';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ mode: 'forward-auth', ldap: inject('ldap'), env: { ADMIN_GROUPS: 'vid_admin,Authentik Admins' } });
});
afterAll(() => stack?.stop());

async function get(path: string, user: string) {
  const res = await fetch(`${stack.overlay.url}${path}`, { headers: { ...asForwardAuthUser(user), Accept: 'application/json' } });
  const text = await res.text();
  return { status: res.status, text };
}

const mediamtxAuth = (fields: Record<string, unknown>) => askMediamtxAuth(stack.overlay.url, fields);

describe('admin groups named in another case than the directory spells them', () => {
  it("make an admin of a member (the console, the editor's admin routes, /me)", async () => {
    expect((await get('/get_yaml', 'bob')).status).toBe(200);
    const me = await get('/_overlay/api/me', 'bob');
    expect(me.status).toBe(200);
    expect(JSON.parse(me.text)).toMatchObject({ username: 'bob', role: 'admin', groups: [] });
  });

  it('let the member use the MediaMTX API and read every path', async () => {
    expect(await mediamtxAuth({ user: 'bob', password: 'bob-pass', action: 'api', path: '' })).toBe(204);
    expect(await mediamtxAuth({ user: 'bob', password: 'bob-pass', action: 'read', path: 'somewhere/private' })).toBe(204);
  });
});

describe('a rule naming a group in another case', () => {
  it('is kept as the directory spells the group, and lets its members read', async () => {
    const admin = { ...asForwardAuthUser('demo-admin'), 'Content-Type': 'application/json', 'If-Match': '"0"' };
    const res = await fetch(`${stack.overlay.url}/_overlay/api/rules`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({ path: 'drone1', groups: ['VID_Private', 'vid_PRIVATE'] }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { rule: { groups: string[] } }).rule.groups).toEqual(['vid_private']);
    expect(await mediamtxAuth({ user: 'alice', password: 'alice-pass', path: 'drone1' })).toBe(204);
    expect(await mediamtxAuth({ user: 'demo-viewer', password: 'demo-viewer-pass', path: 'drone1' })).toBe(401);
  });
});
