/** What the console's Users, Groups and Paths panels read and write, whichever directory is behind them. */
import type { ListedGroup, ListedUser } from '../contract.ts';

/** A person as the readers list them, `groups` holding stream and admin groups (the API answers with stream groups only). */
export type { ListedGroup, ListedUser };

export interface UserListing {
  /** Sorted by username. */
  users: ListedUser[];
  /** Prefixed and admin groups only, sorted by name. */
  groups: ListedGroup[];
}

/** Reads everyone at once (cached briefly); the API filters, sorts and pages in memory. */
export interface UserReader {
  source: 'ldap' | 'authentik';
  list(): Promise<UserListing>;
  /** Drops cached listings, and the cached lookup of `username` when named, so a change shows at once. */
  invalidate(username?: string): Promise<void>;
}

/** Changes membership and creates groups. Implementations throw OverlayError with what went wrong. */
export interface DirectoryWriter {
  kind: 'authentik' | 'ldap';
  addMember(username: string, group: string): Promise<void>;
  removeMember(username: string, group: string): Promise<void>;
  /** `actingAdmin` is who asked: LDAP's groupOfNames must list a member, and that is them. */
  createGroup(name: string, actingAdmin: string): Promise<void>;
}

export interface UserServices {
  /** null: no directory can be listed (AUTHENTIK_URL without a token and no LDAP_URL). */
  reader: UserReader | null;
  /** null: the directory is read-only here. */
  writer: DirectoryWriter | null;
}
