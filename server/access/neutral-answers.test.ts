import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { OverlayEnv } from '../http/env.ts';
import type { Role } from '../policy/groups.ts';
import { EMPTY_DIRECTORY_MANAGED_LISTS, NEUTRAL_ANSWERS, neutralAnswersForViewers } from './neutral-answers.ts';

function appFor(role: Role) {
  const app = new Hono<OverlayEnv>();
  app.use('*', async (c, next) => {
    c.set('path', decodeURIComponent(new URL(c.req.url).pathname));
    c.set('user', { username: 'u', name: 'U', groups: [], role });
    await next();
  });
  app.use('*', neutralAnswersForViewers());
  app.all('*', (c) => c.json({ editor: true, pass: 'secret' }));
  return app;
}

describe('neutral answers', () => {
  it("have the shape of the editor 2.0.8's answers and say nothing", () => {
    expect(Object.fromEntries(NEUTRAL_ANSWERS)).toEqual({
      '/api/public-access/status': { enabled: false },
      '/api/teststream-viewer/status': { enabled: false },
      '/api/srt-passphrase/status': { enabled: false, publishPassphrase: '', readPassphrase: '' },
      '/api/protocols/status': { rtsp: false, rtmp: false, hls: false, webrtc: false, srt: false },
      '/api/mediamtx/users': { users: [] },
    });
  });

  it.each([...NEUTRAL_ANSWERS])("answer a viewer's GET %s without going on", async (path, body) => {
    const res = await appFor('viewer').request(path);
    expect([res.status, await res.json(), res.headers.get('cache-control')]).toEqual([200, body, 'no-store']);
  });

  it('let admins, other methods and other paths go on to the editor', async () => {
    expect(await (await appFor('admin').request('/api/mediamtx/users')).json()).toMatchObject({ editor: true });
    expect(await (await appFor('viewer').request('/api/protocols/status', { method: 'POST' })).json()).toMatchObject({ editor: true });
    expect(await (await appFor('viewer').request('/api/protocols/statusX')).json()).toMatchObject({ editor: true });
  });
});

describe('empty directory-managed lists', () => {
  it("hold the editor's shape, empty", () => {
    expect(Object.fromEntries(EMPTY_DIRECTORY_MANAGED_LISTS)).toEqual({ '/api/webeditor/users': { users: [] } });
  });
});
