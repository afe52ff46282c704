import type { Directory } from '../directory/types.ts';
import type { UserReader } from '../users/types.ts';

/**
 * Which of a new request's username and email (when given) the directory already holds: the people listing
 * (cached) for both, and for LDAP a lookup of the name too, because the listing leaves out
 * accounts that are no person to manage (the overlay's own service account).
 * Throws when the directory cannot be asked: the caller decides what "unknown" means.
 */
export async function takenInDirectory(
  sources: { reader: UserReader | null; directory: Directory | null },
  username: string,
  email: string | null,
): Promise<'username' | 'email' | null> {
  const wantedName = username.toLowerCase();
  const wantedEmail = email?.toLowerCase();
  const users = sources.reader ? (await sources.reader.list()).users : [];
  if (users.some((u) => u.username.toLowerCase() === wantedName)) return 'username';
  if (sources.directory && (await sources.directory.findUser(username))) return 'username';
  if (wantedEmail && users.some((u) => u.email?.toLowerCase() === wantedEmail)) return 'email';
  return null;
}
