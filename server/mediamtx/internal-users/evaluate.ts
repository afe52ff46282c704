/**
 * MediaMTX's authenticateInternal: entries are tried in order and the first that accepts wins. An
 * entry accepts when its `ips` (if any) contain the client, one of its permissions covers the action
 * and path, and, unless `user: any`, both the user and the password check. Every entry is judged on
 * its own, so an entry that rejects (wrong password, wrong IP) does not stop a later one accepting.
 */
import { Guess } from './guess.ts';
import { networksContain, parseClientIpCached, type Address } from './ip-networks.ts';
import { matchesPermission } from './permissions.ts';
import type { InternalAuthRequest, InternalMatch, InternalUser } from './types.ts';

/** true/false when the cheap checks decide; a promise only when argon2 has to run. */
function credentialsMatch(user: InternalUser, name: Guess, password: Guess): boolean | Promise<boolean> {
  const { userCredential: u, passCredential: p } = user;
  // Cheap checks first, so a wrong user name never costs an argon2 run on the password.
  if (u.kind !== 'argon2' && !u.matches(name)) return false;
  if (p.kind !== 'argon2' && !p.matches(password)) return false;
  if (u.kind !== 'argon2' && p.kind !== 'argon2') return true;
  return (async () => (u.kind !== 'argon2' || (await u.matches(name))) && (p.kind !== 'argon2' || (await p.matches(password))))();
}

/** What every entry is judged against; the client IP is parsed once an entry with `ips` needs it. */
interface Judged {
  ip: string;
  action: string;
  path: string;
  name: Guess;
  password: Guess;
  /** undefined = not parsed yet (null = not an IP). */
  client?: Address | null;
}

/**
 * The first entry that accepts, or null. Synchronous unless an argon2 hash has to be checked, so
 * the usual configurations answer the auth endpoint without a promise.
 */
export function matchInternalUser(users: readonly InternalUser[], request: InternalAuthRequest): InternalMatch | null | Promise<InternalMatch | null> {
  // The callback body may lack fields (older MediaMTX); a missing one counts as empty.
  return firstAccepting(users, 0, {
    ip: request.ip ?? '',
    action: request.action ?? '',
    path: request.path ?? '',
    // Shared by every entry, so each digest of the guesses is computed at most once.
    name: Guess.forName(request.user ?? ''),
    password: new Guess(request.password ?? ''),
  });
}

function firstAccepting(users: readonly InternalUser[], from: number, judged: Judged): InternalMatch | null | Promise<InternalMatch | null> {
  for (let i = from; i < users.length; i++) {
    const user = users[i]!;
    if (user.ips.length > 0) {
      if (judged.client === undefined) judged.client = parseClientIpCached(judged.ip);
      if (!networksContain(user.ips, judged.client)) continue;
    }
    if (!matchesPermission(user.permissions, judged.action, judged.path)) continue;
    const verdict = user.any || credentialsMatch(user, judged.name, judged.password);
    if (verdict === false) continue;
    // The entry itself is the match (an InternalUser is an InternalMatch): nothing allocated per request.
    if (verdict !== true) return verdict.then((ok) => (ok ? user : firstAccepting(users, i + 1, judged)));
    return user;
  }
  return null;
}
