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
    const responses = await Promise.all(Array.from({ length: 50 }, () => fetch(`${stack.overlay.url}/api/streams`, { headers: viewer(), redirect: 'manual' })));
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

  it("never hands the editor's session cookie to the browser", async () => {
    stack.editor.restart();
    const res = await fetch(`${stack.overlay.url}/`, { headers: admin() });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});

describe('uploads after an editor restart', () => {
  it('checks the session before a body too large to repeat, so the upload still goes through', async () => {
    stack.editor.restart();
    const before = stack.editor.logins;
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(3 * 1024 * 1024, 7)]), 'after-restart.bin');
    const res = await fetch(`${stack.overlay.url}/api/test/upload`, { method: 'POST', headers: { ...admin(), Origin: stack.overlay.url }, body: form });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, size: 3 * 1024 * 1024 });
    expect(stack.editor.logins - before).toBe(1);
  });
});

describe('a service account the editor refuses', () => {
  it('answers 502 with a clear message and does not hammer the editor with logins', async () => {
    const local = await startStack({ mode: 'forward-auth', ldap: inject('ldap'), env: { EDITOR_VIEWER_PASSWORD: 'not-the-password' } });
    try {
      const answers = [];
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${local.overlay.url}/api/streams`, { headers: asForwardAuthUser('demo-viewer') });
        answers.push([res.status, ((await res.json()) as { title: string }).title]);
      }
      expect(new Set(answers.map((a) => a.join(' ')))).toEqual(new Set(['502 The overlay cannot sign in to the editor']));
      expect(local.editor.loginAttempts).toBe(1);
      expect(local.overlay.logs.some((l) => String(l.reason).includes('EDITOR_VIEWER_USER=editor-viewer'))).toBe(true);
    } finally {
      await local.stop();
    }
  });
});
