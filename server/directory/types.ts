/** What the rest of the overlay knows about the directory; ldap.ts is the one implementation today. */

export interface DirectoryUser {
  dn: string;
  username: string;
  name: string;
  email: string;
  active: boolean;
  /** Only groups carrying the prefix and the admin groups; every other group (tak_*, ...) never leaves the directory module. */
  groups: string[];
}

/** A user as found for a password check: everything but the groups. */
export type LoginEntry = Omit<DirectoryUser, 'groups'>;

/** A group the stream side may show, with how many entries its member attribute lists. */
export interface GroupSummary {
  name: string;
  members: number;
}

/** Everyone and every relevant group, read in one go for the console's Users and Groups panels. */
export interface DirectoryListing {
  /** Every user, disabled ones too; `groups` filtered exactly as in DirectoryUser. */
  users: DirectoryUser[];
  /** Prefixed and admin groups only, sorted by name. */
  groups: GroupSummary[];
}

export interface DirectoryHealth {
  state: 'ok' | 'degraded';
  detail: string;
  checkedAt: string | null;
}

export interface Directory {
  /** Looks a user up by login name through the service account (cached). null when unknown. */
  findUser(username: string): Promise<DirectoryUser | null>;
  /** findUser's answer when its cache holds it in memory, without a promise; undefined = ask findUser. */
  findUserCached?(username: string): DirectoryUser | null | undefined;
  /** Forgets the cached lookup, so the next findUser asks the directory (live revocation wants current groups). */
  invalidate?(username: string): Promise<void>;
  /**
   * The entry a login name names, for a password check: always asked (no cache), without the groups,
   * which checkPassword reads only after a right password. null when unknown or ambiguous.
   */
  findLogin(username: string): Promise<LoginEntry | null>;
  /**
   * Binds as the entry; the user with current groups for a right password (and the lookup cache
   * refreshed), else null. A disabled entry, no entry and an empty password cost the same bind as a
   * wrong password, so the time taken tells nothing. Sign-in goes through identity/password-check.ts.
   */
  checkPassword(entry: LoginEntry | null, password: string): Promise<DirectoryUser | null>;
  /** findLogin then checkPassword, with no throttle and no name rules: for tools and tests, not for sign-in. */
  authenticate(username: string, password: string): Promise<DirectoryUser | null>;
  /** Every stream group (prefixed) and admin group that exists, sorted (cached briefly). */
  listGroups(): Promise<string[]>;
  /** Every user and every relevant group with member counts: paged searches, cached briefly (see ldap.ts). */
  listAll?(): Promise<DirectoryListing>;
  /** Forgets cached listings (listAll, listGroups), e.g. after a change made through the console. */
  invalidateListings?(): Promise<void>;
  /** Binds as the service account; throws DirectoryUnavailableError when that fails. */
  ping(): Promise<void>;
  health(): DirectoryHealth;
  close(): Promise<void>;
}

export class DirectoryUnavailableError extends Error {
  override name = 'DirectoryUnavailableError';
}

export interface LdapSettings {
  url: string;
  bindDN: string;
  bindPassword: string;
  baseDN: string;
  userBase: string;
  groupBase: string;
  /** Attribute holding the login name: cn (Authentik outpost), uid (OpenLDAP), sAMAccountName (AD). */
  userAttr: string;
  /** Group attribute listing member DNs: member (Authentik, groupOfNames, AD). */
  memberAttr: string;
  groupPrefix: string;
  adminGroups: readonly string[];
  cacheTtlMs: number;
  timeoutMs: number;
}
