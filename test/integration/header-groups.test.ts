/** AUTHENTIK_URL without LDAP_URL: groups come from the forward-auth header. */
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';

let stack: Stack;
let authentik: ServerType;
beforeAll(async () => {
  const app = new Hono().get('/-/health/live/', (c) => c.body(null, 204));
  authentik = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const { port } = authentik.address() as AddressInfo;
  stack = await startStack({ mode: 'forward-auth-headers-only', env: { AUTHENTIK_URL: `http://127.0.0.1:${port}` } });
});
afterAll(async () => {
  await stack?.stop();
  await new Promise((r) => authentik.close(r));
});

async function status(path: string, groups: string[]) {
  const res = await fetch(`${stack.overlay.url}${path}`, { headers: { ...asForwardAuthUser('someone', groups), Accept: 'application/json' } });
  await res.arrayBuffer();
  return res.status;
}

describe('groups from the forward-auth header', () => {
  it('maps vid_* and admin groups to roles, and nothing else', async () => {
    expect(await status('/get_yaml', ['tak_ROLE_ADMIN', 'authentik Admins'])).toBe(200);
    expect(await status('/get_yaml', ['vid_admin'])).toBe(200);
    expect(await status('/get_yaml', ['vid_public'])).toBe(403);
    expect(await status('/api/streams', ['vid_ops; night'])).toBe(200);
    expect(await status('/api/streams', ['tak_ROLE_ADMIN', 'Team Alpha, West'])).toBe(403);
    expect(await status('/api/streams', [])).toBe(403);
  });

  it('reports the directory mode and Authentik in /healthz', async () => {
    const res = await fetch(`${stack.overlay.url}/healthz`);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      mode: 'directory',
      modeReason: 'AUTHENTIK_URL is set',
      identity: 'forward-auth',
      dependencies: { editor: { state: 'ok' }, authentik: { state: 'ok' } },
    });
  });
});
