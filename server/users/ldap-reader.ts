import type { Directory } from '../directory/types.ts';
import type { UserReader } from './types.ts';

type ListingDirectory = Directory & Required<Pick<Directory, 'listAll' | 'invalidateListings'>>;

export function canList(directory: Directory | null): directory is ListingDirectory {
  return typeof directory?.listAll === 'function' && typeof directory.invalidateListings === 'function';
}

/** The LDAP directory's own listing (paged searches, cached there); DirectoryUser's `dn` is never sent on. */
export function createLdapReader(directory: ListingDirectory): UserReader {
  return {
    source: 'ldap',
    list: () => directory.listAll(),
    async invalidate(username) {
      await directory.invalidateListings();
      if (username !== undefined) await directory.invalidate?.(username);
    },
  };
}
