/** The overlay's own logins to the editor survive an editor restart, with one login per role. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ mode: 'forward-auth', ldap: inject('ldap') });
});
afterAll(() => stack?.stop());

const viewer = () => ({ ...asForwardAuthUser('demo-viewer'), Accept: 'application/json' });
const admin = () => ({ ...asForwardAuthUser('demo-admin'), Accept: 'application/json' });

describe('upstream sessions', () => {
  it('logs in once per role and reuses the session', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await fetch(`${stack.overlay.url}/api/streams`, { headers: viewer() })).status).toBe(200);
      expect((await fetch(`${stack.overlay.url}/get_yaml`, { headers: admin() })).status).toBe(200);
    }
    expect(stack.overlay.upstream!.loginCount()).toBe(2);
    expect(stack.editor.logins).toBe(2);
  });

  it('logs in again after an editor restart, once, under 50 concurrent requests, and nobody notices', async () => {
    await fetch(`${stack.overlay.url}/api/streams`, { headers: viewer() });
    const before = stack.editor.logins;
    stack.editor.restart();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => fetch(`${stack.overlay.url}/api/streams`, { headers: viewer(), redirect: 'manual' })),
    );
    const statuses = await Promise.all(responses.map(async (r) => [r.status, ((await r.json()) as { streams: unknown[] }).streams.length]));
    expect(new Set(statuses.map((s) => s.join(':')))).toEqual(new Set(['200:3']));
    expect(stack.editor.logins - before).toBe(1);
  });

  it('repeats a small request body after a restart', async () => {
    stack.editor.restart();
    stack.editor.clearHits();
    const res = await fetch(`${stack.overlay.url}/api/share-links/generate`, {
      method: 'POST',
      headers: { ...admin(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ stream: 'cam1', ttl: '1h' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, stream: 'cam1' });
    const posts = stack.editor.hits.filter((h) => h.path === '/api/share-links/generate');
    expect(posts.map((h) => h.user)).toEqual([null, 'editor-admin']);
  });

  it('never hands the editor\'s session cookie to the browser', async () => {
    stack.editor.restart();
    const res = await fetch(`${stack.overlay.url}/`, { headers: admin() });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});
