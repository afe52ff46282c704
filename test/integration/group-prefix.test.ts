/**
 * Another GROUP_PREFIX than vid_: /me says which it is (and which admin groups there are), so the
 * console tells stream groups from the rest as the server does. Groups from the forward-auth header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    mode: 'forward-auth-headers-only',
    env: { GROUP_PREFIX: 'cam_', DEFAULT_GROUPS: 'cam_public', ADMIN_GROUPS: 'cam_admin,Site Admins' },
  });
});
afterAll(() => stack?.stop());

async function me(groups: string[]) {
  const res = await fetch(`${stack.overlay.url}/_overlay/api/me`, { headers: { ...asForwardAuthUser('someone', groups), Accept: 'application/json' } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('GROUP_PREFIX=cam_', () => {
  it('/me sends the prefix and the admin groups it may show, with the stream groups as spelled', async () => {
    expect(await me(['cam_ops', 'CAM_Night', 'tak_cam_x', 'vid_public', 'Team Alpha, West'])).toEqual({
      status: 200,
      body: expect.objectContaining({ role: 'viewer', groups: ['cam_ops', 'CAM_Night'], groupPrefix: 'cam_', adminGroups: ['cam_admin'] }),
    });
  });

  it('makes admins of the admin groups in any case, and nobody of vid_ groups', async () => {
    expect((await me(['CAM_ADMIN'])).body).toMatchObject({ role: 'admin', groups: ['CAM_ADMIN'] });
    expect((await me(['site admins'])).body).toMatchObject({ role: 'admin', groups: [] });
    expect((await me(['vid_public', 'vid_admin'])).status).toBe(403);
  });
});
