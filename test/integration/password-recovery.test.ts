/**
 * `/_overlay/api/password-recovery` through the overlay: an admin sees what Authentik's password
 * recovery lacks and creates it, once; anyone else is refused; a site without the Authentik API
 * gets a clear 409 instead of a half-working button.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { authentikSeed, startAuthentikDouble, type AuthentikDouble } from '../doubles/authentik/index.ts';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';

const TOKEN = 'ak-recovery-test-token';
const ADMIN = asForwardAuthUser('demo-admin', ['vid_admin']);
const VIEWER = asForwardAuthUser('demo-viewer', ['vid_public']);

async function call(stack: Stack, method: 'GET' | 'POST', as = ADMIN) {
  const headers: Record<string, string> = { ...as, Accept: 'application/json', ...(method === 'POST' && { 'Content-Type': 'application/json' }) };
  const res = await fetch(`${stack.overlay.url}/_overlay/api/password-recovery`, { method, headers, body: method === 'POST' ? '{}' : undefined });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('with the Authentik API', () => {
  let ak: AuthentikDouble;
  let stack: Stack;
  beforeAll(async () => {
    ak = await startAuthentikDouble({ token: TOKEN, ...authentikSeed() });
    stack = await startStack({ mode: 'forward-auth-headers-only', env: { AUTHENTIK_URL: ak.url, AUTHENTIK_TOKEN: TOKEN } });
  });
  afterAll(async () => {
    await stack?.stop();
    await ak?.stop();
  });

  // Only the recovery's own objects: the overlay also checks its default groups in Authentik at start.
  const recoveryCalls = () => ak.calls.filter((c) => /^\/api\/v3\/(flows|stages|core\/brands|events)\//.test(c.path));
  const writes = () => recoveryCalls().filter((c) => c.method !== 'GET');

  it('refuses people who are not admins, before Authentik is asked anything', async () => {
    ak.calls.length = 0;
    expect((await call(stack, 'GET', VIEWER)).status).toBe(403);
    expect((await call(stack, 'POST', VIEWER)).status).toBe(403);
    expect(recoveryCalls()).toEqual([]);
  });

  it('shows an admin what is missing, then creates it, then creates nothing more', async () => {
    const before = await call(stack, 'GET');
    expect(before.status).toBe(200);
    expect(before.body.complete).toBe(false);
    expect(before.body.items.find((i: { key: string }) => i.key === 'flow')).toMatchObject({ present: false, label: 'Recovery flow "vid-password-recovery"' });
    expect(writes()).toEqual([]);

    const enabled = await call(stack, 'POST');
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ complete: true, created: expect.arrayContaining(['flow', 'brand-recovery-flow', 'login-recovery-link']) });
    expect(ak.model.brand.flow_recovery).toBe(ak.flows.flowSlugged('vid-password-recovery')!.pk);
    expect(stack.overlay.logs.some((l) => l.msg === 'password recovery enabled in Authentik' && l.actor === 'demo-admin')).toBe(true);

    ak.calls.length = 0;
    const again = await call(stack, 'POST');
    expect(again.body).toMatchObject({ complete: true, created: [] });
    expect(writes()).toEqual([]);
  });

  it('refuses a cross-site POST', async () => {
    const res = await fetch(`${stack.overlay.url}/_overlay/api/password-recovery`, { method: 'POST', headers: { ...ADMIN, Origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
  });
});

describe('without the Authentik API', () => {
  it("answers 409 on an LDAP-only site, pointing at the overlay's own set-password links", async () => {
    const stack = await startStack({ mode: 'forward-auth', ldap: inject('ldap') });
    try {
      for (const method of ['GET', 'POST'] as const) {
        const { status, body } = await call(stack, method);
        expect(status).toBe(409);
        expect(body.error).toMatch(/AUTHENTIK_URL and AUTHENTIK_TOKEN are not set.*set-password links/);
      }
    } finally {
      await stack.stop();
    }
  });

  it('answers 409 naming AUTHENTIK_TOKEN when only AUTHENTIK_URL is set', async () => {
    const stack = await startStack({ mode: 'forward-auth-headers-only' });
    try {
      const { status, body } = await call(stack, 'GET');
      expect(status).toBe(409);
      expect(body).toMatchObject({ title: 'Password recovery needs Authentik', error: expect.stringMatching(/AUTHENTIK_TOKEN is not set/) });
    } finally {
      await stack.stop();
    }
  });
});
