import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createErrorRenderer } from '../http/errors.ts';
import type { OverlayEnv } from '../http/env.ts';
import { createLogger } from '../log.ts';
import { setPasswordRoutes } from './set-password-routes.ts';
import type { SetPasswordService } from './types.ts';

const PROXY_SECRET = 'set-password-test-proxy-secret';

function app(postsPerIp?: number) {
  const log = createLogger('silent');
  const redeemed: string[] = [];
  const service: SetPasswordService = {
    inspect: async () => ({ state: 'valid', username: 'nina', issuedBy: 'demo-admin', expiresAt: Date.now() + 60_000 }),
    redeem: async (token) => {
      redeemed.push(token);
      return { username: 'nina' };
    },
  };
  const hono = new Hono<OverlayEnv>();
  hono.onError(createErrorRenderer(log));
  hono.route('/', setPasswordRoutes({ service, proxySecret: PROXY_SECRET, log, postsPerIp }));
  return { hono, redeemed };
}

describe('POST /set-password', () => {
  it('answers a body that is no readable form with 400, not 500, and sets nothing', async () => {
    const { hono, redeemed } = app();
    const res = await hono.request('/set-password', { method: 'POST', headers: { 'Content-Type': 'multipart/form-data; boundary=x' }, body: 'not multipart' });
    expect(res.status).toBe(400);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await res.text()).toContain('The form could not be read.');
    expect(redeemed).toEqual([]);
  });

  it('counts every address of one IPv6 /64, and an IPv4-mapped address as its IPv4, as one client', async () => {
    const { hono } = app(2);
    const from = (ip: string) =>
      hono.request('/set-password', {
        method: 'POST',
        headers: { 'X-Overlay-Proxy-Secret': PROXY_SECRET, 'X-Forwarded-For': ip },
        body: new URLSearchParams({ token: 't', password: 'p', repeat: 'q' }),
      });
    expect((await from('2001:db8:9:9::1')).status).toBe(400);
    expect((await from('2001:db8:9:9::2')).status).toBe(400);
    expect((await from('2001:db8:9:9:1:2:3:4')).status).toBe(429);
    expect((await from('192.0.2.8')).status).toBe(400);
    expect((await from('::ffff:192.0.2.8')).status).toBe(400);
    expect((await from('192.0.2.8')).status).toBe(429);
  });
});
