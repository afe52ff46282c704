import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { Directory, DirectoryUser } from '../directory/types.ts';
import type { OverlayEnv } from '../http/env.ts';
import { resolveUser } from './enforce.ts';
import { routeAccess } from './route-table.ts';

const policy = { groupPrefix: 'vid_', adminGroups: ['vid_admin', 'authentik Admins'] };

describe('resolveUser', () => {
  /** The signed-in user resolveUser makes of `groups`, read from a directory or from the forward-auth header. */
  async function resolved(groups: string[], from: 'directory' | 'header') {
    const entry: DirectoryUser = { dn: 'cn=u', username: 'u', name: 'U', email: '', active: true, groups };
    const directory = from === 'directory' ? ({ findUser: async () => entry } as unknown as Directory) : null;
    const app = new Hono<OverlayEnv>()
      .use('*', async (c, next) => {
        c.set('identity', { username: 'u', headerGroups: from === 'header' ? groups : null, source: 'forward-auth' });
        await next();
      })
      .use('*', resolveUser({ directory, policy }))
      .get('/', (c) => c.json(c.get('user')));
    return (await app.request('/')).json();
  }

  it.each(['directory', 'header'] as const)('reads admin groups without case, from the %s', async (from) => {
    // The directory spells the group one way, ADMIN_GROUPS another: LDAP says they are the same group.
    expect(await resolved(['Authentik Admins', 'tak_cyan'], from)).toMatchObject({ username: 'u', groups: ['Authentik Admins'], role: 'admin' });
    expect(await resolved(['VID_Public', 'Team Alpha, West'], from)).toMatchObject({ groups: ['VID_Public'], role: 'viewer' });
    expect(await resolved(['tak_ROLE_ADMIN'], from)).toMatchObject({ groups: [], role: 'none' });
  });
});

describe('routeAccess', () => {
  it.each([
    ['GET', '/', 'viewer'],
    ['HEAD', '/', 'viewer'],
    ['POST', '/', 'admin'],
    ['GET', '/api/streams', 'viewer'],
    ['GET', '/api/hlsviewer-credential', 'viewer'],
    ['GET', '/api/theme/logo', 'viewer'],
    ['POST', '/api/theme/logo', 'admin'],
    ['GET', '/static/app.css', 'viewer'],
    ['GET', '/get_yaml', 'admin'],
    ['POST', '/api/share-links/generate', 'viewer'],
    ['POST', '/api/share-links/revoke', 'admin'],
    ['GET', '/api/mediamtx/users', 'viewer'], // a neutral answer from the overlay (neutral-answers.test.ts)
    ['POST', '/api/mediamtx/users/add', 'admin'],
    ['GET', '/api/mediamtx/users/x', 'admin'],
    ['GET', '/api/status', 'viewer'],
    ['POST', '/api/status', 'admin'],
    ['GET', '/api/protocols/status', 'viewer'],
    ['GET', '/api/srt-passphrase/status', 'viewer'],
    ['POST', '/api/srt-passphrase/toggle', 'admin'],
    ['GET', '/_overlay/assets/x/hls.min.js', 'viewer'],
    ['GET', '/watch/live/cam1', 'viewer'],
    ['HEAD', '/watch/cam1', 'viewer'],
    ['POST', '/watch/cam1', 'admin'],
    ['GET', '/watch', 'admin'],
    ['GET', '/api/recordings/list', 'admin'],
    ['POST', '/api/protocols/toggle', 'admin'],
    ['GET', '/api/streamsX', 'admin'],
    ['POST', '/login', 'directory-managed'],
    ['GET', '/api/webeditor/users', 'directory-managed'],
    ['POST', '/api/webeditor/users/add', 'directory-managed'],
    ['GET', '/api/webeditor/email/config', 'directory-managed'],
    ['GET', '/api/webeditor/registrations/pending', 'directory-managed'],
    ['POST', '/_overlay/api/token', 'viewer'],
    ['GET', '/_overlay/api/token', 'admin'],
    ['POST', '/_overlay/api/rules', 'admin'],
    ['GET', '/_overlay/api/me', 'viewer'],
    ['POST', '/_overlay/api/me', 'admin'],
    ['GET', '/_overlay/overlay.js', 'viewer'],
    ['GET', '/_overlay/api/users', 'admin'],
    ['PUT', '/_overlay/api/users/alice/groups/vid_public', 'admin'],
    ['GET', '/_overlay/api/groups', 'admin'],
    ['GET', '/_overlay/api/paths', 'admin'],
    ['GET', '/_overlay/api/paths/viewers', 'admin'],
  ])('%s %s → %s', (method, path, access) => expect(routeAccess(method, path).access).toBe(access));
});
