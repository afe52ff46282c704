import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.ts';
import { DirectoryUnavailableError, type Directory } from '../directory/types.ts';
import { healthHandler } from './health.ts';

const LDAP_URL = 'ldap://10.20.30.40:389';
const BIND_DN = 'cn=svc-overlay,ou=users,dc=ldap,dc=goauthentik,dc=io';

const config = loadConfig({
  LDAP_URL,
  LDAP_BIND_DN: BIND_DN,
  LDAP_BIND_PASSWORD: 'pw',
  EDITOR_URL: 'http://127.0.0.1:9',
  EDITOR_ADMIN_USER: 'a',
  EDITOR_ADMIN_PASSWORD: 'ap',
  EDITOR_VIEWER_USER: 'v',
  EDITOR_VIEWER_PASSWORD: 'vp',
  PROXY_SECRET: 'x'.repeat(32),
});

/** A directory that is down, saying where and as whom it tried, as the LDAP client does. */
const downDirectory = {
  async ping() {
    throw new DirectoryUnavailableError(`binding as the service account ${BIND_DN} at ${LDAP_URL} failed: connect ECONNREFUSED`);
  },
} as unknown as Directory;

const app = new Hono().get('/healthz', healthHandler({ config, directory: downDirectory, store: null }));

/** The node-server bindings the handler reads: the socket's address and the raw request headers. */
function callFrom(remoteAddress: string, headers: Record<string, string> = {}) {
  return app.request('/healthz', { headers }, { incoming: { socket: { remoteAddress }, headers } });
}

describe('/healthz with the directory down', () => {
  it.each([
    ['a remote caller', '203.0.113.7', {}],
    ['a remote caller on IPv6', '2001:db8::7', {}],
    ['a caller through the reverse proxy (loopback socket, forwarded)', '127.0.0.1', { 'X-Forwarded-For': '203.0.113.7' }],
    ['a caller through the reverse proxy (loopback socket, proxy secret)', '127.0.0.1', { 'X-Overlay-Proxy-Secret': 'x'.repeat(32) }],
  ])("shows %s the status, the mode and each dependency's state, and no URL or DN", async (_who, address, headers) => {
    const res = await callFrom(address, headers);
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      status: 'degraded',
      mode: 'directory',
      dependencies: { editor: { state: 'degraded' }, directory: { state: 'degraded' } },
    });
    for (const secret of [LDAP_URL, '10.20.30.40', BIND_DN, 'svc-overlay', '127.0.0.1:9', 'LDAP_URL']) expect(text).not.toContain(secret);
  });

  it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1'])('shows a direct loopback caller (%s) the details', async (address) => {
    const res = await callFrom(address);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      status: 'degraded',
      mode: 'directory',
      modeReason: 'LDAP_URL is set',
      identity: 'forward-auth',
      dependencies: {
        editor: { state: 'degraded', detail: expect.stringContaining('127.0.0.1:9') },
        directory: { state: 'degraded', detail: expect.stringContaining(BIND_DN) },
      },
    });
  });

  it("shows no details when the caller's address is unknown", async () => {
    const res = await app.request('/healthz');
    expect(Object.keys((await res.json()) as object).sort()).toEqual(['dependencies', 'mode', 'status']);
  });
});
