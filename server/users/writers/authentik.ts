/** Membership and new groups through the Authentik API: add_user / remove_user, never the replace-all user PATCH. */
import { OverlayError } from '../../http/errors.ts';
import type { AuthentikClient } from '../authentik/client.ts';
import { notFound } from '../errors.ts';
import type { DirectoryWriter } from '../types.ts';

export function createAuthentikWriter(client: AuthentikClient): DirectoryWriter {
  async function userAndGroup(username: string, group: string) {
    const [user, found] = await Promise.all([client.findUser(username), client.findGroup(group)]);
    if (!user) throw notFound('username', `"${username}"`);
    if (!found) throw notFound('group', `"${group}"`);
    return { userPk: user.pk, groupPk: found.pk };
  }

  return {
    kind: 'authentik',
    async addMember(username, group) {
      const { userPk, groupPk } = await userAndGroup(username, group);
      await client.addUser(groupPk, userPk);
    },
    async removeMember(username, group) {
      const { userPk, groupPk } = await userAndGroup(username, group);
      await client.removeUser(groupPk, userPk);
    },
    async createGroup(name) {
      if (await client.findGroup(name)) {
        throw new OverlayError(409, { title: 'Group exists', message: `A group named "${name}" already exists.`, field: 'name' });
      }
      // No members: Authentik groups may be empty, and the creator is an admin already.
      await client.createGroup(name);
    },
  };
}
