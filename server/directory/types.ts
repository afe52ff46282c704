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

export interface DirectoryHealth {
  state: 'ok' | 'degraded';
  detail: string;
  checkedAt: string | null;
}

export interface Directory {
  /** Looks a user up by login name through the service account (cached). null when unknown. */
  findUser(username: string): Promise<DirectoryUser | null>;
  /** Forgets the cached lookup, so the next findUser asks the directory (live revocation wants current groups). */
  invalidate?(username: string): Promise<void>;
  /** Binds as the user. null for a wrong password, an unknown user or a disabled user alike. */
  authenticate(username: string, password: string): Promise<DirectoryUser | null>;
  /** Every stream group (prefixed) and admin group that exists, sorted (cached briefly). */
  listGroups(): Promise<string[]>;
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
