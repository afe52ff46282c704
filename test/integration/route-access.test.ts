/**
 * Every route of the vanilla editor's reference list, for each role, through the overlay in
 * forward-auth directory mode with groups read from the real slapd.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { EMPTY_DIRECTORY_MANAGED_LISTS, NEUTRAL_ANSWERS } from '../../server/access/neutral-answers.ts';
import { routeAccess } from '../../server/access/route-table.ts';
import { EDITOR_ROUTES } from '../stand-in-editor/index.ts';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ mode: 'forward-auth', ldap: inject('ldap') });
});
afterAll(() => stack?.stop());

/** Seeded users (test/harness/seed.ts) and what the directory makes of them. */
const PEOPLE = [
  { username: 'carol', role: 'none' }, // only tak_* groups
  { username: 'dave', role: 'none' }, // vid_public but disabled
  { username: 'demo-viewer', role: 'viewer' },
  { username: 'demo-admin', role: 'admin' },
  { username: 'bob', role: 'admin' }, // "authentik Admins"
] as const;

/** The overlay answers these itself; they are covered in their own tests. */
const OVERLAY_OWNED = new Set(['/login', '/logout']);
const routes = EDITOR_ROUTES.filter((r) => !OVERLAY_OWNED.has(r.path));

/** Routes the overlay answers itself for some roles instead of passing them on. */
const ANSWERED_BY_OVERLAY: Record<string, string[]> = {
  'GET /api/hlsviewer-credential': ['viewer'],
  ...Object.fromEntries([...NEUTRAL_ANSWERS.keys()].map((path) => [`GET ${path}`, ['viewer']])),
  // The phone player page, with the person's own credential (watch-page.test.ts).
  'GET /watch/cam1': ['viewer', 'admin'],
  // Directory-managed, but the admin page loads the list on start: an empty one of its shape.
  ...Object.fromEntries([...EMPTY_DIRECTORY_MANAGED_LISTS.keys()].map((path) => [`GET ${path}`, ['viewer', 'admin']])),
};
/** The share-link guard reads the stream name, so that route needs a real body. */
const BODIES: Record<string, string> = { 'POST /api/share-links/generate': JSON.stringify({ stream: 'cam1', ttl: '1h' }) };

async function call(method: string, path: string, username: string) {
  const headers: Record<string, string> = { ...asForwardAuthUser(username, ['vid_admin']), Accept: 'application/json' };
  if (method === 'POST') headers.Origin = stack.overlay.url;
  const body = BODIES[`${method} ${path}`];
  if (body) headers['Content-Type'] = 'application/json';
  stack.editor.clearHits();
  const res = await fetch(`${stack.overlay.url}${path}`, { method, headers, redirect: 'manual', body });
  await res.arrayBuffer();
  return { status: res.status, hits: [...stack.editor.hits] };
}

describe('route access in directory mode', () => {
  it('knows every route of the reference list', () => {
    expect(routes.length).toBeGreaterThan(90);
  });

  for (const person of PEOPLE) {
    it(`${person.username} (${person.role}) reaches exactly what the route table allows`, async () => {
      const wrong: string[] = [];
      for (const route of routes) {
        const { access } = routeAccess(route.method, route.path);
        const { status, hits } = await call(route.method, route.path, person.username);
        const reached = hits.length > 0;
        let expected: string;
        if (access === 'directory-managed') {
          expected = person.role !== 'none' && ANSWERED_BY_OVERLAY[`${route.method} ${route.path}`]?.includes(person.role) ? 'answered 200' : 'blocked 404';
        } else if (person.role === 'none' || (access === 'admin' && person.role === 'viewer')) expected = 'blocked 403';
        else if (ANSWERED_BY_OVERLAY[`${route.method} ${route.path}`]?.includes(person.role)) expected = 'answered 200';
        else expected = route.guard === 'public' ? 'reached' : `reached as ${person.role}`;
        // Public editor routes do not look at the session, so the stand-in records no role for them.
        const actual = reached ? (route.guard === 'public' ? 'reached' : `reached as ${hits[0]!.role}`) : status === 200 ? 'answered 200' : `blocked ${status}`;
        if (actual !== expected) wrong.push(`${route.method} ${route.path}: expected ${expected}, got ${actual}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it('closes the routes the vanilla editor leaves open to any logged-in user', async () => {
    for (const [method, path] of [
      ['GET', '/get_yaml'],
      ['GET', '/api/recordings/list'],
      ['GET', '/api/test/files'],
      ['POST', '/api/protocols/toggle'],
      ['POST', '/save_basic'],
      ['GET', '/%67et_yaml'],
      // Dot segments and `//` spellings: test/security/path-tricks.test.ts (fetch would normalise them here).
    ] as const) {
      const { status, hits } = await call(method, path, 'demo-viewer');
      expect({ path, status, hits: hits.length }).toEqual({ path, status: 403, hits: 0 });
    }
  });

  it('lets viewers read the server state for the header badge', async () => {
    const { status, hits } = await call('GET', '/api/status', 'demo-viewer');
    expect(status).toBe(200);
    expect(hits.map((h) => [h.path, h.role])).toEqual([['/api/status', 'viewer']]);
  });

  it("answers the page's admin-only settings calls for viewers itself, neutrally, and admins from the editor", async () => {
    for (const [path, neutral] of NEUTRAL_ANSWERS) {
      for (const spelling of [path, path.replace('/api/', '/%61pi/')]) {
        stack.editor.clearHits();
        const res = await fetch(`${stack.overlay.url}${spelling}`, { headers: asForwardAuthUser('demo-viewer') });
        expect({ spelling, status: res.status, body: await res.json(), hits: stack.editor.hits.length }).toEqual({
          spelling,
          status: 200,
          body: neutral,
          hits: 0,
        });
        expect(res.headers.get('cache-control')).toBe('no-store');
      }
      stack.editor.clearHits();
      const admin = await fetch(`${stack.overlay.url}${path}`, { headers: asForwardAuthUser('demo-admin') });
      expect(admin.status).toBe(200);
      expect(stack.editor.hits.map((h) => [h.path, h.role])).toEqual([[path, 'admin']]);
    }
    // The editor's own answer holds what a viewer must not see.
    const users = await fetch(`${stack.overlay.url}/api/mediamtx/users`, { headers: asForwardAuthUser('demo-admin') });
    expect(JSON.stringify(await users.json())).toContain(stack.editor.hlsViewerPassword);
  });

  it('takes groups from the directory, not from the header', async () => {
    // carol's header claims vid_admin; the directory says she has no stream group.
    const { status, hits } = await call('GET', '/api/streams', 'carol');
    expect(status).toBe(403);
    expect(hits).toHaveLength(0);
  });

  it('shows people without a stream group a clear page with a request-access link', async () => {
    const res = await fetch(`${stack.overlay.url}/`, { headers: { ...asForwardAuthUser('carol'), Accept: 'text/html' } });
    expect(res.status).toBe(403);
    const page = await res.text();
    expect(page).toContain('No stream access');
    expect(page).toContain('href="/request-access"');
    expect(page).toContain('href="/logout"');
  });

  it("sends the editor its own upstream session, never the browser's cookies or identity headers", async () => {
    stack.editor.clearHits();
    const res = await fetch(`${stack.overlay.url}/api/streams`, {
      headers: { ...asForwardAuthUser('demo-viewer'), Cookie: 'session=forged; other=1' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
    const hit = stack.editor.hits[0]!;
    expect(hit.user).toBe('editor-viewer');
    expect(hit.cookie).not.toContain('forged');
    expect(hit.cookie).not.toContain('other=1');
    expect(Object.keys(hit.headers).filter((h) => h.startsWith('x-authentik-') || h === 'x-overlay-proxy-secret')).toEqual([]);
    const body = (await res.json()) as { streams: Array<{ name: string }> };
    expect(body.streams.map((s) => s.name)).toEqual(['cam1', 'drone1', 'teststream']);
  });

  it("keeps the editor's login and logout out of reach", async () => {
    const user = asForwardAuthUser('demo-admin');
    const login = await fetch(`${stack.overlay.url}/login`, { headers: user, redirect: 'manual' });
    expect([login.status, login.headers.get('location')]).toEqual([302, '/']);
    stack.editor.clearHits();
    const post = await fetch(`${stack.overlay.url}/login`, {
      method: 'POST',
      headers: { ...user, Origin: stack.overlay.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'username=editor-admin&password=editor-admin-pass',
    });
    expect(post.status).toBe(404);
    expect(stack.editor.hits).toHaveLength(0);
    const logout = await fetch(`${stack.overlay.url}/logout`, { headers: user, redirect: 'manual' });
    expect([logout.status, logout.headers.get('location')]).toEqual([302, '/outpost.goauthentik.io/sign_out']);
  });

  it('refuses a cross-site form post before it reaches the editor', async () => {
    stack.editor.clearHits();
    const res = await fetch(`${stack.overlay.url}/save_basic`, {
      method: 'POST',
      headers: { ...asForwardAuthUser('demo-admin'), Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'x=1',
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Cross-site request refused');
    expect(stack.editor.hits).toHaveLength(0);
  });
});
