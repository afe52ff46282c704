/** A configured directory that does not answer keeps the overlay in directory mode, closed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlapd, type Slapd } from '../harness/slapd.ts';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';

let slapd: Slapd;
let stack: Stack;
beforeAll(async () => {
  slapd = await startSlapd();
  stack = await startStack({
    mode: 'forward-auth',
    ldap: {
      url: slapd.url,
      baseDN: slapd.baseDN,
      rootDN: slapd.rootDN,
      rootPassword: slapd.rootPassword,
      serviceDN: slapd.serviceDN,
      servicePassword: slapd.servicePassword,
    },
    env: { DIRECTORY_CACHE_TTL: '0s', LDAP_TIMEOUT: '1s' },
  });
});
afterAll(async () => {
  await stack?.stop();
  await slapd?.stop();
});

describe('directory outage', () => {
  it('fails closed with a clear page and a degraded /healthz, never the vanilla editor, and recovers', async () => {
    const viewer = asForwardAuthUser('demo-viewer', ['vid_admin']);
    expect((await fetch(`${stack.overlay.url}/api/streams`, { headers: viewer })).status).toBe(200);

    await slapd.stop();
    stack.editor.clearHits();
    const page = await fetch(`${stack.overlay.url}/`, { headers: { ...viewer, Accept: 'text/html' } });
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('Directory unavailable');
    const api = await fetch(`${stack.overlay.url}/api/streams`, { headers: viewer });
    expect(api.status).toBe(503);
    expect(stack.editor.hits).toHaveLength(0);
    const health = await fetch(`${stack.overlay.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'degraded', mode: 'directory', dependencies: { directory: { state: 'degraded' } } });
    expect(stack.overlay.logs.some((l) => l.status === 503 && String(l.reason).includes(slapd.url))).toBe(true);

    slapd = await startSlapd({ port: slapd.port });
    expect((await fetch(`${stack.overlay.url}/api/streams`, { headers: viewer })).status).toBe(200);
  });
});

describe('directory outage at the auth endpoint', () => {
  it('keeps what it knew for DIRECTORY_GRACE, then denies', async () => {
    const own = await startSlapd();
    const local = await startStack({
      mode: 'forward-auth',
      ldap: {
        url: own.url,
        baseDN: own.baseDN,
        rootDN: own.rootDN,
        rootPassword: own.rootPassword,
        serviceDN: own.serviceDN,
        servicePassword: own.servicePassword,
      },
      env: { DIRECTORY_CACHE_TTL: '0s', LDAP_TIMEOUT: '1s', DIRECTORY_GRACE: '2s' },
    });
    const auth = async (fields: Record<string, string>) =>
      (
        await fetch(`${local.overlay.url}/auth/mediamtx`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ ip: '10.0.0.9', action: 'read', path: 'cam1', protocol: 'rtsp', ...fields }),
        })
      ).status;
    try {
      const credential = await fetch(`${local.overlay.url}/api/hlsviewer-credential`, { headers: asForwardAuthUser('demo-viewer') });
      const { password: token } = (await credential.json()) as { password: string };
      expect(await auth({ token })).toBe(204);
      expect(await auth({ user: 'alice', password: 'alice-pass' })).toBe(204);

      await own.stop();
      expect(await auth({ token })).toBe(204); // known a moment ago: within the grace period
      expect(await auth({ user: 'alice', password: 'alice-pass' })).toBe(204);
      expect(await auth({ user: 'erin', password: 'erin-pass' })).toBe(401); // never seen: nothing to go on
      const health = (await (await fetch(`${local.overlay.url}/healthz`)).json()) as { status: string };
      expect(health.status).toBe('degraded');

      await new Promise((r) => setTimeout(r, 2_100));
      expect(await auth({ token })).toBe(401);
      expect(await auth({ user: 'alice', password: 'alice-pass' })).toBe(401);
    } finally {
      await local.stop();
      await own.stop();
    }
  });
});
