import { describe, expect, it } from 'vitest';
import { parseGroupsHeader, roleFor, streamGroups } from './roles.ts';
import { routeAccess } from './route-table.ts';

const policy = { groupPrefix: 'vid_', adminGroups: ['vid_admin', 'authentik Admins'] };

describe('roleFor', () => {
  it.each([
    [['vid_admin'], 'admin'],
    [['authentik Admins'], 'admin'],
    [['vid_public', 'vid_admin'], 'admin'],
    [['vid_public'], 'viewer'],
    [['vid_ops; night'], 'viewer'],
    [['tak_ROLE_ADMIN', 'Team Alpha, West'], 'none'],
    [['VID_public'], 'none'],
    [['authentik admins'], 'none'],
    [[], 'none'],
  ])('%o → %s', (groups, role) => expect(roleFor(groups, policy)).toBe(role));
});

describe('parseGroupsHeader', () => {
  it('splits on pipes only and keeps spaces, commas and semicolons inside names', () => {
    expect(parseGroupsHeader('vid_public|Team Alpha, West|tak_ROLE_ADMIN|vid_ops; night| |vid_public')).toEqual([
      'vid_public',
      'Team Alpha, West',
      'tak_ROLE_ADMIN',
      'vid_ops; night',
    ]);
    expect(parseGroupsHeader(undefined)).toEqual([]);
  });

  it('keeps only stream and admin groups for anything shown', () => {
    expect(streamGroups(['vid_public', 'tak_cyan', 'authentik Admins', 'Team Alpha, West'], policy)).toEqual(['vid_public', 'authentik Admins']);
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
