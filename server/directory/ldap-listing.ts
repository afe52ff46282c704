/**
 * Reads the whole directory for the console's Users and Groups panels: one paged search for the
 * users and one for the relevant groups with their member lists, joined in memory. Two searches
 * instead of one group lookup per user keep 10,000 users to a few dozen round-trips.
 */
import { EqualityFilter, OrFilter, PresenceFilter, SubstringFilter, type Client, type Entry, type Filter } from 'ldapts';
import { attributeValues, directoryGroups, firstValue, isGroupEntry, toDirectoryUser } from './entry.ts';
import type { DirectoryListing, GroupSummary, LdapSettings } from './types.ts';

/** Entries per page of a paged search (RFC 2696); servers cap what one page may hold, not the total. */
const PAGE_SIZE = 500;

/** What a user entry must carry for DirectoryUser (the name, the mail, and every dialect's "disabled" marker). */
export function userAttributes(settings: Pick<LdapSettings, 'userAttr'>): string[] {
  return ['objectClass', settings.userAttr, 'displayName', 'name', 'cn', 'mail', 'ak-active', 'userAccountControl', 'pwdAccountLockedTime'];
}

/** Groups whose name carries the prefix, and the admin groups; tak_* and the rest are never even fetched. */
export function relevantGroupFilter(settings: Pick<LdapSettings, 'groupPrefix' | 'adminGroups'>): Filter {
  return new OrFilter({
    filters: [
      ...(settings.groupPrefix ? [new SubstringFilter({ attribute: 'cn', initial: settings.groupPrefix })] : []),
      ...settings.adminGroups.map((g) => new EqualityFilter({ attribute: 'cn', value: g })),
    ],
  });
}

/**
 * Member values and entry DNs may differ in case and spacing (`DC=ldap` vs `dc=ldap`, `cn=a, ou=users`);
 * LDAP compares DNs by their normalised form, and so do we, closely enough for attribute types
 * with case-insensitive values (cn, ou, dc, uid).
 */
export function normalizeDN(dn: string): string {
  return dn
    .trim()
    .replace(/\s*([,=+])\s*/g, '$1')
    .toLowerCase();
}

export async function readListing(client: Client, settings: LdapSettings): Promise<DirectoryListing> {
  const { searchEntries: groupEntries } = await client.search(settings.groupBase, {
    scope: 'sub',
    filter: relevantGroupFilter(settings),
    attributes: ['cn', 'objectClass', settings.memberAttr],
    paged: { pageSize: PAGE_SIZE },
  });
  const { searchEntries: userEntries } = await client.search(settings.userBase, {
    scope: 'sub',
    filter: new PresenceFilter({ attribute: settings.userAttr }),
    attributes: userAttributes(settings),
    paged: { pageSize: PAGE_SIZE },
  });

  const groupsOf = new Map<string, string[]>();
  const groups: GroupSummary[] = [];
  for (const entry of groupEntries.filter(isGroupEntry)) {
    const name = firstValue(entry, 'cn');
    // The filter matched on cn, but a multi-valued cn could match on another value: check again.
    if (name === undefined || directoryGroups([name], settings).length === 0) continue;
    const members = new Set(
      attributeValues(entry, settings.memberAttr)
        .map(normalizeDN)
        .filter((dn) => dn !== ''),
    );
    groups.push({ name, members: members.size });
    for (const dn of members) {
      const list = groupsOf.get(dn);
      if (list) list.push(name);
      else groupsOf.set(dn, [name]);
    }
  }

  // The overlay's own service account is not a person to manage or grant streams to.
  const serviceDN = normalizeDN(settings.bindDN);
  const users = userEntries
    .filter((entry) => isPerson(entry) && normalizeDN(entry.dn) !== serviceDN)
    .map((entry) => toDirectoryUser(entry, settings, '', groupsOf.get(normalizeDN(entry.dn)) ?? []))
    .sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
  groups.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { users, groups };
}

/** Not a group that happens to carry the login attribute, nor an AD computer account (which has a sAMAccountName). */
function isPerson(entry: Entry): boolean {
  return !isGroupEntry(entry) && !attributeValues(entry, 'objectClass').some((oc) => oc.toLowerCase() === 'computer');
}
