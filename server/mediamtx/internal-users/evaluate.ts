/**
 * MediaMTX's authenticateInternal: entries are tried in order and the first that accepts wins. An
 * entry accepts when its `ips` (if any) contain the client, one of its permissions covers the action
 * and path, and, unless `user: any`, both the user and the password check. Every entry is judged on
 * its own, so an entry that rejects (wrong password, wrong IP) does not stop a later one accepting.
 */
import { networksContain, parseClientIp } from './ip-networks.ts';
import { matchesPermission } from './permissions.ts';
import type { CredentialCheck, InternalAuthRequest, InternalMatch, InternalUser } from './types.ts';

async function credentialsMatch(user: InternalUser, request: InternalAuthRequest): Promise<boolean> {
  const checks: Array<[CredentialCheck, string]> = [
    [user.userCredential, request.user],
    [user.passCredential, request.password],
  ];
  // Cheap checks first, so a wrong user name never costs an argon2 run on the password.
  for (const [credential, guess] of checks) {
    if (credential.kind !== 'argon2' && !credential.check(guess)) return false;
  }
  for (const [credential, guess] of checks) {
    if (credential.kind === 'argon2' && !(await credential.check(guess))) return false;
  }
  return true;
}

export async function matchInternalUser(
  users: readonly InternalUser[],
  request: InternalAuthRequest,
): Promise<InternalMatch | null> {
  // The callback body may lack fields (older MediaMTX); a missing one counts as empty.
  const given: InternalAuthRequest = {
    user: request.user ?? '',
    password: request.password ?? '',
    ip: request.ip ?? '',
    action: request.action ?? '',
    path: request.path ?? '',
  };
  const client = parseClientIp(given.ip);
  for (const user of users) {
    if (user.ips.length > 0 && !networksContain(user.ips, client)) continue;
    if (!matchesPermission(user.permissions, given.action, given.path)) continue;
    if (!user.any && !(await credentialsMatch(user, given))) continue;
    return { index: user.index, user: user.user };
  }
  return null;
}
