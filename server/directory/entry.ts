import { createPolicy, relevantGroups, type PolicySettings } from '../policy/groups.ts';
import type { DirectoryUser, LdapSettings } from './types.ts';
/** Pure helpers that turn raw LDAP entries into DirectoryUser fields; no I/O here. */

/** An entry as ldapts returns it: attribute name -> string | string[] (Buffers only when asked for). */
export type EntryLike = { readonly [attribute: string]: unknown };

/** Servers answer with their own attribute-name case (displayname vs displayName), so look up case-insensitively. */
export function attributeValues(entry: EntryLike, attribute: string): string[] {
  const wanted = attribute.toLowerCase();
  for (const [key, raw] of Object.entries(entry)) {
    if (key.toLowerCase() !== wanted) continue;
    const list = Array.isArray(raw) ? raw : [raw];
    return list.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : typeof v === 'string' ? v : '')).filter((v) => v !== '');
  }
  return [];
}

export function firstValue(entry: EntryLike, ...attributes: string[]): string | undefined {
  for (const attribute of attributes) {
    const [value] = attributeValues(entry, attribute);
    if (value !== undefined) return value;
  }
  return undefined;
}

const AD_ACCOUNTDISABLE = 0x2;

/**
 * True when the directory marks the account unusable, whichever dialect it speaks:
 * Authentik's outpost (ak-active: FALSE), Active Directory (userAccountControl ACCOUNTDISABLE bit)
 * or OpenLDAP ppolicy (pwdAccountLockedTime present).
 */
export function isDisabledEntry(entry: EntryLike): boolean {
  if (attributeValues(entry, 'ak-active').some((v) => v.trim().toUpperCase() === 'FALSE')) return true;
  const uac = firstValue(entry, 'userAccountControl');
  if (uac !== undefined && /^\s*\d+\s*$/.test(uac) && (Number(uac) & AD_ACCOUNTDISABLE) !== 0) return true;
  return attributeValues(entry, 'pwdAccountLockedTime').length > 0;
}

/** Objects some servers return for a name search next to the user (Authentik virtual groups, groups named like users). */
const GROUP_CLASSES = new Set(['group', 'groupofnames', 'groupofuniquenames', 'posixgroup', 'goauthentik.io/ldap/virtual-group']);

export function isGroupEntry(entry: EntryLike): boolean {
  return attributeValues(entry, 'objectClass').some((oc) => GROUP_CLASSES.has(oc.toLowerCase()));
}

/**
 * Keeps only the groups the stream side may see, as the policy says (stream and admin groups,
 * compared without case; tak_* is never a stream group; an empty prefix matches nothing, so a blank setting can never
 * leak every group). Sorted, each group once, spelled as the directory does.
 */
export function directoryGroups(names: readonly string[], settings: PolicySettings): string[] {
  // Sorted before relevantGroups: it remembers the keys of the list it makes in that list's order (keysOf).
  return relevantGroups(createPolicy(settings), [...names].sort());
}

/** The login name as the directory spells it, preferring the value that matched what was typed. */
export function canonicalUsername(entry: EntryLike, userAttr: string, typed: string): string {
  const values = attributeValues(entry, userAttr);
  return values.find((v) => v.toLowerCase() === typed.toLowerCase()) ?? values[0] ?? typed;
}

/** A user entry as the rest of the overlay sees it: only the relevant groups, never the others. */
export function toDirectoryUser(
  entry: EntryLike & { dn: string },
  settings: Pick<LdapSettings, 'userAttr' | 'groupPrefix' | 'adminGroups'>,
  typed: string,
  groupNames: readonly string[],
): DirectoryUser {
  const username = canonicalUsername(entry, settings.userAttr, typed);
  return {
    dn: entry.dn,
    username,
    name: firstValue(entry, 'displayName', 'name', 'cn') ?? username,
    email: firstValue(entry, 'mail') ?? '',
    active: !isDisabledEntry(entry),
    groups: directoryGroups(groupNames, settings),
  };
}
