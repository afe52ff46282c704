/**
 * Membership and new groups written straight into LDAP (DIRECTORY_WRITE=ldap), as the service
 * account: one `member` value added or deleted per change, never the whole attribute replaced, so
 * two admins changing one group at once cannot undo each other. Each write binds its own short
 * connection: writes are rare, and the directory's pooled reader stays untouched.
 */
import { Attribute, Change, Client, DN, EqualityFilter, InvalidCredentialsError, ResultCodeError } from 'ldapts';
import { attributeValues, isGroupEntry } from '../../directory/entry.ts';
import { DirectoryUnavailableError, type Directory, type LdapSettings } from '../../directory/types.ts';
import { OverlayError } from '../../http/errors.ts';
import { notFound } from '../errors.ts';
import type { DirectoryWriter } from '../types.ts';

export type LdapWriteSettings = Pick<LdapSettings, 'url' | 'bindDN' | 'bindPassword' | 'groupBase' | 'memberAttr' | 'timeoutMs'>;

// LDAP result codes (RFC 4511) a write can meet.
const NO_SUCH_ATTRIBUTE = 16;
const ATTRIBUTE_OR_VALUE_EXISTS = 20;
const INSUFFICIENT_ACCESS = 50;
const OBJECT_CLASS_VIOLATION = 65;
const ENTRY_ALREADY_EXISTS = 68;

export function createLdapWriter(options: { settings: LdapWriteSettings; directory: Directory }): DirectoryWriter {
  const { settings, directory } = options;

  async function asService<T>(what: string, op: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ url: settings.url, timeout: settings.timeoutMs, connectTimeout: settings.timeoutMs });
    try {
      try {
        await client.bind(settings.bindDN, settings.bindPassword);
      } catch (error) {
        const hint = error instanceof InvalidCredentialsError ? ' (check LDAP_BIND_DN and LDAP_BIND_PASSWORD)' : '';
        throw new DirectoryUnavailableError(`LDAP ${settings.url}: binding to write (${what}) failed: ${(error as Error).message}${hint}`, { cause: error });
      }
      return await op(client);
    } catch (error) {
      if (error instanceof ResultCodeError && error.code === INSUFFICIENT_ACCESS) {
        throw new OverlayError(502, {
          title: 'The directory refused the change',
          message: `The LDAP service account may not write here (${what}). Give LDAP_BIND_DN write access to ${settings.groupBase}, or unset DIRECTORY_WRITE.`,
          log: error.message,
        });
      }
      if (error instanceof ResultCodeError) {
        throw new OverlayError(502, { title: 'The directory refused the change', message: `LDAP refused ${what}: ${error.message}`, log: error.message });
      }
      if (error instanceof OverlayError || error instanceof DirectoryUnavailableError) throw error;
      throw new DirectoryUnavailableError(`LDAP ${settings.url}: ${what} failed: ${(error as Error).message}`, { cause: error });
    } finally {
      await client.unbind().catch(() => {});
    }
  }

  /** A fresh lookup: a cached entry could name a DN that is gone, and a dangling member helps nobody. */
  async function userDN(username: string): Promise<string> {
    await directory.invalidate?.(username);
    const user = await directory.findUser(username);
    if (!user) throw notFound('username', `"${username}"`);
    return user.dn;
  }

  async function groupDN(client: Client, name: string): Promise<string | null> {
    const { searchEntries } = await client.search(settings.groupBase, {
      scope: 'sub',
      filter: new EqualityFilter({ attribute: 'cn', value: name }),
      attributes: ['cn', 'objectClass'],
    });
    const group = searchEntries.find((e) => isGroupEntry(e) && attributeValues(e, 'cn').some((cn) => cn.toLowerCase() === name.toLowerCase()));
    return group?.dn ?? null;
  }

  async function changeMember(username: string, group: string, operation: 'add' | 'delete'): Promise<void> {
    const member = await userDN(username);
    await asService(`${operation === 'add' ? 'adding' : 'removing'} ${username} ${operation === 'add' ? 'to' : 'from'} ${group}`, async (client) => {
      const dn = await groupDN(client, group);
      if (!dn) throw notFound('group', `"${group}"`);
      try {
        await client.modify(dn, new Change({ operation, modification: new Attribute({ type: settings.memberAttr, values: [member] }) }));
      } catch (error) {
        if (!(error instanceof ResultCodeError)) throw error;
        // Already a member / already not one: the state asked for holds, so the call succeeds (idempotent).
        if (operation === 'add' && error.code === ATTRIBUTE_OR_VALUE_EXISTS) return;
        if (operation === 'delete' && error.code === NO_SUCH_ATTRIBUTE) return;
        if (operation === 'delete' && error.code === OBJECT_CLASS_VIOLATION) {
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
        if (await groupDN(client, name)) throw groupExists(name);
        const dn = `${new DN().addPairRDN('cn', name).toString()},${settings.groupBase}`;
        try {
          await client.add(dn, { objectClass: ['top', 'groupOfNames'], cn: name, [settings.memberAttr]: [member] });
        } catch (error) {
          if (error instanceof ResultCodeError && error.code === ENTRY_ALREADY_EXISTS) throw groupExists(name);
          throw error;
        }
      });
    },
  };
}

function groupExists(name: string): OverlayError {
  return new OverlayError(409, { title: 'Group exists', message: `A group named "${name}" already exists.`, field: 'name' });
}
