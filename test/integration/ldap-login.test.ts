/** IDENTITY=ldap-login: the overlay's own sign-in against the real slapd. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SIGN_IN_FAILED } from '../../server/identity/ldap-login/index.ts';
import { PROXY_SECRET, startStack, type Stack } from '../harness/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ mode: 'ldap-login', ldap: inject('ldap') });
});
afterAll(() => stack?.stop());

/** `from` plays the reverse proxy: X-Forwarded-For counts only next to the proxy secret. */
async function signIn(username: string, password: string, from?: string) {
  const extra: Record<string, string> = from ? { 'X-Forwarded-For': from, 'X-Overlay-Proxy-Secret': PROXY_SECRET } : {};
  return fetch(`${stack.overlay.url}/_overlay/login`, {
    method: 'POST',
    headers: { Origin: stack.overlay.url, 'Content-Type': 'application/x-www-form-urlencoded', ...extra },
    body: new URLSearchParams({ username, password, next: '/' }),
    redirect: 'manual',
  });
}

const sessionCookie = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('overlay_session='))!;

describe('ldap-login identity', () => {
  it('sends a signed-out browser to the sign-in page and back where it was going', async () => {
    const res = await fetch(`${stack.overlay.url}/?tab=streams`, { redirect: 'manual', headers: { Accept: 'text/html' } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/_overlay/login?next=%2F%3Ftab%3Dstreams');
    const page = await fetch(`${stack.overlay.url}/_overlay/login?next=/x`);
    expect(await page.text()).toContain('name="password"');
    const api = await fetch(`${stack.overlay.url}/api/streams`);
    expect(api.status).toBe(401);
  });

  it('signs in with a signed, HttpOnly, SameSite=Lax cookie and reaches the editor as the role account', async () => {
    const res = await signIn('demo-viewer', 'demo-viewer-pass');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const cookie = sessionCookie(res);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const value = cookie.split(';')[0]!;
    stack.editor.clearHits();
    const streams = await fetch(`${stack.overlay.url}/api/streams`, { headers: { Cookie: value } });
    expect(streams.status).toBe(200);
    expect(stack.editor.hits.find((h) => h.path === '/api/streams')!.user).toBe('editor-viewer');
    expect((await fetch(`${stack.overlay.url}/get_yaml`, { headers: { Cookie: value } })).status).toBe(403);
  });

  it('refuses a tampered cookie', async () => {
    const value = sessionCookie(await signIn('demo-admin', 'demo-admin-pass')).split(';')[0]!;
    const tampered = value.replace(/.(?=\.)/, (ch) => (ch === 'A' ? 'B' : 'A'));
    expect((await fetch(`${stack.overlay.url}/get_yaml`, { headers: { Cookie: value } })).status).toBe(200);
    const refused = await fetch(`${stack.overlay.url}/get_yaml`, { headers: { Cookie: tampered }, redirect: 'manual' });
    expect([refused.status, refused.headers.get('location')]).toEqual([302, '/_overlay/login?next=%2Fget_yaml']);
  });

  it('gives a wrong password, an unknown user and a disabled user the same answer', async () => {
    const answers = [];
    for (const [username, password] of [
      ['demo-admin', 'wrong'],
      ['nobody-here', 'whatever'],
      ['dave', 'dave-pass'],
    ] as const) {
      const res = await signIn(username, password, `10.9.9.${answers.length}`);
      const page = await res.text();
      answers.push([res.status, page.includes(SIGN_IN_FAILED), res.headers.getSetCookie().length]);
    }
    expect(answers).toEqual([
      [401, true, 0],
      [401, true, 0],
      [401, true, 0],
    ]);
  });

  it('shows a signed-in person without a stream group the no-access page', async () => {
    const value = sessionCookie(await signIn('carol', 'carol-pass')).split(';')[0]!;
    const res = await fetch(`${stack.overlay.url}/`, { headers: { Cookie: value, Accept: 'text/html' } });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('No stream access');
  });

  it('ends the session on logout: the old cookie no longer works', async () => {
    const value = sessionCookie(await signIn('alice', 'alice-pass')).split(';')[0]!;
    expect((await fetch(`${stack.overlay.url}/api/streams`, { headers: { Cookie: value } })).status).toBe(200);
    const out = await fetch(`${stack.overlay.url}/logout`, { headers: { Cookie: value }, redirect: 'manual' });
    expect([out.status, out.headers.get('location')]).toEqual([302, '/_overlay/login']);
    expect((await fetch(`${stack.overlay.url}/api/streams`, { headers: { Cookie: value } })).status).toBe(401);
  });

  it('never redirects off-site after sign-in', async () => {
    const res = await fetch(`${stack.overlay.url}/_overlay/login`, {
      method: 'POST',
      headers: { Origin: stack.overlay.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'erin', password: 'erin-pass', next: '//evil.example/x' }),
      redirect: 'manual',
    });
    expect(res.headers.get('location')).toBe('/');
  });

  it('slows repeated failures per user, then per address', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await signIn('bob', 'wrong', `10.1.1.${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const blocked = await signIn('bob', 'bob-pass');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(stack.overlay.logs.some((l) => l.msg === 'sign-in refused: too many failures' && l.username === 'bob')).toBe(true);
  });

  it('slows many failures from one address across different users', async () => {
    const ip = '10.2.2.2';
    const statuses = [];
    for (let i = 0; i < 21; i++) statuses.push((await signIn(`guess${i}`, 'wrong', ip)).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    // Without the proxy secret X-Forwarded-For is not believed: the blocked address, claimed, is not this client's.
    const other = await fetch(`${stack.overlay.url}/_overlay/login`, {
      method: 'POST',
      headers: { Origin: stack.overlay.url, 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': ip },
      body: new URLSearchParams({ username: 'fresh-name', password: 'wrong' }),
    });
    expect(other.status).toBe(401);
  });

  it('slows many failures from one IPv6 /64 however its addresses vary, and not its neighbour', async () => {
    const statuses = [];
    for (let i = 0; i < 21; i++) statuses.push((await signIn(`roam${i}`, 'wrong', `2001:db8:4:4::${(i + 1).toString(16)}`)).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    expect((await signIn('roam-next', 'wrong', '2001:db8:4:5::1')).status).toBe(401);
  });

  it('answers a sign-in body that is no readable form with 400, not 500', async () => {
    const res = await fetch(`${stack.overlay.url}/_overlay/login`, {
      method: 'POST',
      headers: { Origin: stack.overlay.url, 'Content-Type': 'multipart/form-data; boundary=x', Accept: 'text/html' },
      body: 'not multipart',
      redirect: 'manual',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('The form could not be read.');
  });

  it('refuses an oversized sign-in form', async () => {
    const res = await signIn('erin', 'x'.repeat(20_000));
    expect(res.status).toBe(413);
  });
});
