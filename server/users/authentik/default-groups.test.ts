import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAuthentikDouble, type AuthentikDouble } from '../../../test/doubles/authentik/index.ts';
import { loadConfig } from '../../config/index.ts';
import { createAuthentikClient, type AuthentikClient } from './client.ts';
import { checkDefaultGroups, defaultGroupNames, ensureDefaultGroups } from './default-groups.ts';

const TOKEN = 'ak-default-groups-token';
const STOCK = ['vid_public', 'vid_private', 'vid_admin'];

let ak: AuthentikDouble;
beforeEach(async () => {
  ak = await startAuthentikDouble({
    token: TOKEN,
    users: [],
    groups: [
      { name: 'vid_public', members: [] },
      { name: 'tak_cyan', members: [] },
    ],
  });
});
afterEach(() => ak?.stop());

const client = () => createAuthentikClient({ url: ak.url, token: TOKEN });
const creates = () => ak.calls.filter((c) => c.method === 'POST' && c.path === '/api/v3/core/groups/');

describe('default groups', () => {
  it('are public and private under GROUP_PREFIX, any DEFAULT_GROUPS and the prefixed ADMIN_GROUPS', () => {
    expect(defaultGroupNames(loadConfig({}))).toEqual(STOCK);
    const custom = loadConfig({ GROUP_PREFIX: 'cam-', ADMIN_GROUPS: 'cam-ops,authentik Admins', DEFAULT_GROUPS: 'cam-public,cam-everyone' });
    expect(defaultGroupNames(custom)).toEqual(['cam-public', 'cam-private', 'cam-everyone', 'cam-ops']);
  });

  it('are reported as present and missing', async () => {
    expect(await checkDefaultGroups(client(), STOCK)).toEqual({ present: ['vid_public'], missing: ['vid_private', 'vid_admin'] });
    expect(creates()).toEqual([]);
  });

  it('are created once: the missing ones, and nothing the second time', async () => {
    expect(await ensureDefaultGroups(client(), STOCK)).toEqual({ present: ['vid_public'], missing: [], created: ['vid_private', 'vid_admin'] });
    expect(creates().map((c) => c.body)).toEqual([
      { name: 'vid_private', is_superuser: false },
      { name: 'vid_admin', is_superuser: false },
    ]);
    expect(await ensureDefaultGroups(client(), STOCK)).toEqual({ present: STOCK, missing: [], created: [] });
    expect(creates()).toHaveLength(2);
    expect(await checkDefaultGroups(client(), STOCK)).toEqual({ present: STOCK, missing: [] });
  });

  it('count a group another instance created meanwhile as present', async () => {
    const real = client();
    const racing: AuthentikClient = {
      ...real,
      async createGroup(name) {
        await real.createGroup(name); // the other instance wins the race
        return real.createGroup(name); // ours is refused: "already exists"
      },
    };
    expect(await ensureDefaultGroups(racing, ['vid_private'])).toEqual({ present: ['vid_private'], missing: [], created: [] });
  });

  it('let a real failure through', async () => {
    const broken: AuthentikClient = { ...client(), createGroup: () => Promise.reject(new Error('refused')) };
    await expect(ensureDefaultGroups(broken, ['vid_private'])).rejects.toThrow('refused');
  });
});
