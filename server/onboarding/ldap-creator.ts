/**
 * Approved accounts created straight in LDAP (DIRECTORY_WRITE=ldap) as the service account: an
 * inetOrgPerson entry under the user base with no password, its groups through the membership
 * writer (one `member` value each), then an overlay set-password link. Every step is safe to
 * repeat, so a retried approve reuses the entry and finishes what a failure left undone.
 */
import { DN, ResultCodeError } from 'ldapts';
import type { Logger } from 'pino';
import type { Directory, LdapSettings } from '../directory/types.ts';
import { sameGroup } from '../policy/groups.ts';
import { directoryCall } from '../users/errors.ts';
import type { DirectoryWriter, UserReader } from '../users/types.ts';
import { findGroupDN, LDAP_CODE, ldapServiceWriter, type LdapWriteSettings } from '../users/writers/ldap-service.ts';
import type { PasswordLinks } from './links.ts';
import { afterCreation, checkNewAccount, linkOrigin, linkSetup, sameEmail, unknownGroup, usernameTaken } from './new-account.ts';
import { SET_PASSWORD_PATH } from './set-password-page.ts';
import type { AccountCreator, NewAccount } from './types.ts';

export type LdapAccountSettings = LdapWriteSettings & Pick<LdapSettings, 'userBase' | 'userAttr'>;

/**
 * LDAP operations (each bounded by LDAP_TIMEOUT) one createAccount makes at most. A user lookup
 * is up to 6: two searches, and after a stale pooled connection a reconnect, bind and both again.
 * Per group: its check before the entry is added (1 search), then the membership write: a fresh
 * lookup (6) and connect, bind, search, modify, unbind (5). Besides: the first lookup (6) and the
 * entry's own connect, bind, add, unbind (4).
 */
const OPS_PER_GROUP = 12;
const OPS_BESIDES_GROUPS = 10;

export interface LdapCreatorOptions {
  settings: LdapAccountSettings;
  directory: Directory;
  /** Adds the memberships (idempotent: an existing member is fine). */
  writer: DirectoryWriter;
  links: PasswordLinks;
  groupPrefix: string;
  /** The console's people listing, refreshed so the new person shows at once. */
  reader?: UserReader | null;
  log: Logger;
}

export function createLdapAccountCreator(options: LdapCreatorOptions): AccountCreator {
  const { settings, directory, writer, links, log } = options;
  const asService = ldapServiceWriter(settings);

  /** Uncached: a lookup cached a moment ago would not show an entry the last attempt made. */
  async function lookup(username: string) {
    await directory.invalidate?.(username);
    return directory.findUser(username);
  }

  /** Checks every group before anything is written, then adds the entry unless it exists; true when added. */
  async function addEntry(account: NewAccount, exists: boolean): Promise<boolean> {
    return asService(
      `creating the account ${account.username}`,
      async (client) => {
        for (const group of account.groups) {
          if (!(await findGroupDN(client, settings.groupBase, group))) throw unknownGroup(group);
        }
        if (exists) return false;
        try {
          await client.add(entryDN(settings, account.username), entryAttributes(settings, account));
          return true;
        } catch (error) {
          // Not found by the lookup, yet the DN is taken: an entry we cannot tell is theirs.
          if (error instanceof ResultCodeError && error.code === LDAP_CODE.ENTRY_ALREADY_EXISTS) throw usernameTaken(account.username);
          throw error;
        }
      },
      settings.userBase,
    );
  }

  return {
    kind: 'ldap',
    worstCaseMs: (groupCount) => (OPS_PER_GROUP * groupCount + OPS_BESIDES_GROUPS) * settings.timeoutMs,
    async createAccount(input, actingAdmin, origin) {
      const account = checkNewAccount(input, options.groupPrefix);
      const base = linkOrigin(origin);
      const { username } = account;
      return directoryCall(async () => {
        const existing = await lookup(username);
        if (existing && !sameEmail(existing.email, account.email)) throw usernameTaken(username);
        const created = await addEntry(account, existing !== null);
        for (const group of account.groups) {
          if (existing?.groups.some((g) => sameGroup(g, group))) continue;
          await afterCreation(username, `adding it to ${group}`, () => writer.addMember(username, group));
        }
        const { token, expiresAt } = await afterCreation(username, 'making its set-password link', () => links.issue(username, actingAdmin));
        await options.reader?.invalidate(username).catch(() => {});
        log.info(
          { actor: actingAdmin, user: username, groups: account.groups, created },
          created ? 'account created in LDAP' : 'existing LDAP account completed',
        );
        return { created, passwordSetup: linkSetup(`${base}${SET_PASSWORD_PATH}?token=${token}`, expiresAt) };
      });
    },
  };
}

function entryDN(settings: LdapAccountSettings, username: string): string {
  return `${new DN().addPairRDN(settings.userAttr, username).toString()},${settings.userBase}`;
}

/** inetOrgPerson needs cn and sn; the login name goes in the naming attribute and in uid. */
function entryAttributes(settings: LdapAccountSettings, account: NewAccount): Record<string, string | string[]> {
  const words = account.name.split(/\s+/);
  const naming = settings.userAttr.toLowerCase();
  return {
    objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
    cn: naming === 'cn' ? account.username : account.name,
    sn: words.length > 1 ? words.slice(1).join(' ') : account.name,
    ...(words.length > 1 && { givenName: words[0]! }),
    uid: account.username,
    displayName: account.name,
    mail: account.email,
    ...(naming !== 'cn' && naming !== 'uid' && { [settings.userAttr]: account.username }),
  };
}
