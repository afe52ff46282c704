import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempStore } from '../../test/harness/temp-store.ts';
import { DirectoryUnavailableError } from '../directory/types.ts';
import { createErrorRenderer } from '../http/errors.ts';
import type { OverlayEnv } from '../http/env.ts';
import { createLogger } from '../log.ts';
import { requestAccessRoutes } from './public-routes.ts';
import { createAccessRequestRepository } from './repository.ts';

let store: Awaited<ReturnType<typeof openTempStore>>;
beforeEach(async () => {
  store = await openTempStore('request-access-routes');
});
afterEach(() => store.remove());

const PROXY_SECRET = 'routes-test-proxy-secret';

function app(takenInDirectory: () => Promise<'username' | 'email' | null>, rateLimit?: { posts: number; windowSeconds: number }) {
  const log = createLogger('silent');
  const repo = createAccessRequestRepository({ documents: store.documents });
  const routes = requestAccessRoutes({
    mode: () => 'overlay',
    takPortalUrl: null,
    repo,
    takenInDirectory,
    notifier: null,
    proxySecret: PROXY_SECRET,
    log,
    rateLimit,
  });
  const hono = new Hono<OverlayEnv>();
  hono.onError(createErrorRenderer(log));
  hono.route('/', routes);
  return { hono, repo };
}

const form = () => {
  const body = new FormData();
  for (const [k, v] of Object.entries({ name: 'Tess', email: 'tess@example.org', username: 'tess', reason: 'ops' })) body.set(k, v);
  return body;
};

describe('POST /request-access', () => {
  it('keeps what was typed and stores nothing while the directory cannot be checked', async () => {
    const { hono, repo } = app(async () => {
      throw new DirectoryUnavailableError('ldap down');
    });
    const res = await hono.request('/request-access', { method: 'POST', body: form() });
    expect(res.status).toBe(503);
    const page = await res.text();
    expect(page).toContain('The directory cannot be checked right now, so the request was not sent.');
    expect(page).toContain('value="tess@example.org"');
    expect(await repo.list()).toEqual([]);
  });

  it('answers a body that is no readable form with 400, not 500, and stores nothing', async () => {
    const { hono, repo } = app(async () => null);
    const res = await hono.request('/request-access', {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=x' },
      body: 'not multipart',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('The form could not be read.');
    expect(await repo.list()).toEqual([]);
  });

  it('takes a multipart post, and refuses a file in a text field by name', async () => {
    const { hono, repo } = app(async () => null);
    expect((await hono.request('/request-access', { method: 'POST', body: form() })).status).toBe(200);
    const withFile = form();
    withFile.set('username', 'tess2');
    withFile.set('reason', new File(['<x>'], 'reason.html', { type: 'text/html' }));
    const res = await hono.request('/request-access', { method: 'POST', body: withFile });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('id="reason-error">The reason must be text.</p>');
    expect((await repo.list()).map((r) => r.username)).toEqual(['tess']);
  });

  it('counts every address of one IPv6 /64 as one client for the rate limit', async () => {
    const { hono } = app(async () => null, { posts: 2, windowSeconds: 3600 });
    const from = (ip: string) =>
      hono.request('/request-access', { method: 'POST', headers: { 'X-Overlay-Proxy-Secret': PROXY_SECRET, 'X-Forwarded-For': ip }, body: new FormData() });
    expect((await from('2001:db8:5:5::1')).status).toBe(400);
    expect((await from('2001:db8:5:5::2')).status).toBe(400);
    expect((await from('2001:db8:5:5:ffff::3')).status).toBe(429);
    expect((await from('2001:db8:5:6::1')).status).toBe(400);
  });
});
