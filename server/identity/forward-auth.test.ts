import { Writable } from 'node:stream';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createErrorRenderer } from '../http/errors.ts';
import type { OverlayEnv } from '../http/env.ts';
import { createLogger } from '../log.ts';
import { forwardAuthIdentity } from './forward-auth.ts';

const SECRET = 's'.repeat(32);

function appWithLog() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const log = createLogger('info', sink);
  const app = new Hono<OverlayEnv>();
  app.onError(createErrorRenderer(log));
  app.use('*', forwardAuthIdentity({ secret: SECRET, log }));
  app.get('*', (c) => c.json(c.get('identity')));
  return { app, lines };
}

describe('forwardAuthIdentity', () => {
  it('believes the headers only with the proxy secret, and keeps odd group names whole', async () => {
    const { app } = appWithLog();
    const res = await app.request('/', {
      headers: { 'X-Overlay-Proxy-Secret': SECRET, 'X-Authentik-Username': 'alice', 'X-Authentik-Groups': 'vid_public|Team Alpha, West|vid_ops; night' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ username: 'alice', headerGroups: ['vid_public', 'Team Alpha, West', 'vid_ops; night'], source: 'forward-auth' });
  });

  it.each([
    ['missing', {}],
    ['wrong', { 'X-Overlay-Proxy-Secret': 'not-the-secret-at-all' }],
    ['almost right', { 'X-Overlay-Proxy-Secret': `${SECRET}x` }],
  ])('refuses spoofed identity headers with a %s secret, with a log line', async (kind, secretHeader) => {
    const { app, lines } = appWithLog();
    const res = await app.request('/api/streams', {
      headers: { ...secretHeader, 'X-Authentik-Username': 'akadmin', 'X-Authentik-Groups': 'vid_admin' },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: expect.stringMatching(/sign-in/i) });
    const line = lines.find((l) => l.msg === 'refused identity headers without the proxy secret');
    expect(line).toMatchObject({ claimedUser: 'akadmin', secret: kind === 'missing' ? 'missing' : 'wrong', path: '/api/streams' });
  });

  it('refuses a request that did not come through the proxy, and one without a username', async () => {
    const { app } = appWithLog();
    expect((await app.request('/')).status).toBe(401);
    const page = await app.request('/', { headers: { 'X-Overlay-Proxy-Secret': SECRET } });
    expect(page.status).toBe(401);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('will not start with a short secret', () => {
    expect(() => forwardAuthIdentity({ secret: 'short', log: createLogger('silent') })).toThrow(/16 characters/);
  });
});
