/**
 * Membership and new groups written straight into LDAP (DIRECTORY_WRITE=ldap), as the service
 * account: one `member` value added or deleted per change, never the whole attribute replaced, so
 * two admins changing one group at once cannot undo each other.
 */
import { Attribute, Change, DN, ResultCodeError } from 'ldapts';
import type { Directory } from '../../directory/types.ts';
import { OverlayError } from '../../http/errors.ts';
import { notFound } from '../errors.ts';
import type { DirectoryWriter } from '../types.ts';
import { findGroupDN, LDAP_CODE, ldapServiceWriter, type LdapWriteSettings } from './ldap-service.ts';

export function createLdapWriter(options: { settings: LdapWriteSettings; directory: Directory }): DirectoryWriter {
  const { settings, directory } = options;
  const asService = ldapServiceWriter(settings);

  /** A fresh lookup: a cached entry could name a DN that is gone, and a dangling member helps nobody. */
  async function userDN(username: string): Promise<string> {
    await directory.invalidate?.(username);
    const user = await directory.findUser(username);
    if (!user) throw notFound('username', `"${username}"`);
    return user.dn;
  }

  async function changeMember(username: string, group: string, operation: 'add' | 'delete'): Promise<void> {
    const member = await userDN(username);
    await asService(`${operation === 'add' ? 'adding' : 'removing'} ${username} ${operation === 'add' ? 'to' : 'from'} ${group}`, async (client) => {
      const dn = await findGroupDN(client, settings.groupBase, group);
      if (!dn) throw notFound('group', `"${group}"`);
      try {
        await client.modify(dn, new Change({ operation, modification: new Attribute({ type: settings.memberAttr, values: [member] }) }));
      } catch (error) {
        if (!(error instanceof ResultCodeError)) throw error;
        // Already a member / already not one: the state asked for holds, so the call succeeds (idempotent).
        if (operation === 'add' && error.code === LDAP_CODE.ATTRIBUTE_OR_VALUE_EXISTS) return;
        if (operation === 'delete' && error.code === LDAP_CODE.NO_SUCH_ATTRIBUTE) return;
        if (operation === 'delete' && error.code === LDAP_CODE.OBJECT_CLASS_VIOLATION) {
          throw new OverlayError(409, {
            title: 'Last member',
            message: `${username} is the last member of ${group}, and an LDAP groupOfNames must keep at least one. Add someone else first.`,
            field: 'group',
          });
        }
        throw error;
      }
    });
  }

  return {
    kind: 'ldap',
    addMember: (username, group) => changeMember(username, group, 'add'),
    removeMember: (username, group) => changeMember(username, group, 'delete'),
    async createGroup(name, actingAdmin) {
      // groupOfNames requires a member; the admin who creates the group is the one that is known to exist.
      const member = await userDN(actingAdmin);
      await asService(`creating group ${name}`, async (client) => {
        if (await findGroupDN(client, settings.groupBase, name)) throw groupExists(name);
        const dn = `${new DN().addPairRDN('cn', name).toString()},${settings.groupBase}`;
        try {
          await client.add(dn, { objectClass: ['top', 'groupOfNames'], cn: name, [settings.memberAttr]: [member] });
        } catch (error) {
          if (error instanceof ResultCodeError && error.code === LDAP_CODE.ENTRY_ALREADY_EXISTS) throw groupExists(name);
          throw error;
        }
      });
    },
  };
}

function groupExists(name: string): OverlayError {
  return new OverlayError(409, { title: 'Group exists', message: `A group named "${name}" already exists.`, field: 'name' });
}
