import { GroupFromJSON, PaginatedUserListFromJSON } from '@goauthentik/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authentikSeed, startAuthentikDouble, type AuthentikDouble } from '../../../test/doubles/authentik/index.ts';
import { OverlayError } from '../../http/errors.ts';
import { createAuthentikClient } from './client.ts';

const TOKEN = 'ak-test-token';
let ak: AuthentikDouble;
beforeAll(async () => {
  const seed = authentikSeed();
  // 250 more people: three pages of 100 prove `pagination.next` is followed.
  const many = Array.from({ length: 250 }, (_, i) => ({ username: `u${String(i).padStart(3, '0')}` }));
  ak = await startAuthentikDouble({ token: TOKEN, users: [...seed.users, ...many], groups: seed.groups });
});
afterAll(() => ak?.stop());

const client = () => createAuthentikClient({ url: ak.url, token: TOKEN });

describe('the Authentik client', () => {
  it('follows pagination.next through every page of users, with their groups', async () => {
    ak.calls.length = 0;
    const users = await client().listUsers();
    expect(users).toHaveLength(ak.model.people.size);
    const pages = ak.calls.filter((c) => c.path === '/api/v3/core/users/');
    expect(pages.map((c) => c.query.page)).toEqual(['1', '2', '3']);
    expect(pages.every((c) => c.query.include_groups === 'true' && c.authorized)).toBe(true);
    expect(users.find((u) => u.username === 'alice')).toMatchObject({
      name: 'Alice Anders',
      email: 'alice@example.test',
      active: true,
      groupNames: expect.arrayContaining(['vid_private', 'Team Alpha, West', 'vid_alpha']),
    });
    expect(users.find((u) => u.username === 'dave')?.active).toBe(false);
  });

  it.each(['parent', 'parents'] as const)('reads groups in the %s shape', async (shape) => {
    ak.setGroupShape(shape);
    try {
      const groups = await client().listGroups();
      const alpha = groups.find((g) => g.name === 'vid_alpha')!;
      const priv = groups.find((g) => g.name === 'vid_private')!;
      expect(alpha.parents).toEqual([priv.pk]);
      expect(priv.parents).toEqual([]);
      expect((await client().findGroup('vid_alpha'))?.pk).toBe(alpha.pk);
      expect(await client().findGroup('vid_alph')).toBeNull();
    } finally {
      ak.setGroupShape('parents');
    }
  });

  it('finds a user by exact username', async () => {
    expect((await client().findUser('bob'))?.pk).toBe(ak.model.userNamed('bob')!.pk);
    expect(await client().findUser('bo')).toBeNull();
  });

  it('says what to check when the token is refused, and when Authentik is down', async () => {
    const refused = await createAuthentikClient({ url: ak.url, token: 'wrong' })
      .listUsers()
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OverlayError);
    expect((refused as OverlayError).details.message).toMatch(/answered 401 .*AUTHENTIK_TOKEN/);
    const down = await createAuthentikClient({ url: 'http://127.0.0.1:9', token: TOKEN })
      .listGroups()
      .catch((e: unknown) => e);
    expect((down as OverlayError).details.title).toBe('Authentik is not answering');
  });

  it('answers in shapes the generated client itself can read (the double stays honest)', async () => {
    const res = await fetch(`${ak.url}/api/v3/core/users/?page_size=2`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(PaginatedUserListFromJSON(await res.json()).results).toHaveLength(2);
    const groups = await fetch(`${ak.url}/api/v3/core/groups/?name=vid_alpha`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    const [group] = ((await groups.json()) as { results: unknown[] }).results;
    expect(GroupFromJSON(group).parents).toHaveLength(1);
  });
});
