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
    ldap: { url: slapd.url, baseDN: slapd.baseDN, rootDN: slapd.rootDN, rootPassword: slapd.rootPassword, serviceDN: slapd.serviceDN, servicePassword: slapd.servicePassword },
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
