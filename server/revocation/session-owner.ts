import type { MediamtxSession } from '../mediamtx/api-client.ts';
import type { InternalUser } from '../mediamtx/internal-users/index.ts';
import { networksContain, parseClientIp } from '../mediamtx/internal-users/ip-networks.ts';
import { matchesPermission } from '../mediamtx/internal-users/permissions.ts';
import type { RegisteredSession } from './session-registry.ts';

/** Whose session it is, and how we know. */
export interface SessionOwner {
  username: string;
  /** auth-request: the registry saw us allow this very id. session-user: the session's own `user` field. */
  via: 'auth-request' | 'session-user';
}

/**
 * Readers only: publishers are the publish groups' business, never a rule's. HLS sessions have no
 * state and only read. An idle RTSP/RTMP/SRT/MoQ session counts only when we allowed it a read:
 * it is between SETUP and PLAY, and PLAY asks nobody again.
 */
export function isReader(session: MediamtxSession, registered: RegisteredSession | undefined): boolean {
  if (session.state === 'read') return true;
  if (session.state === null) return session.kind === 'hlssessions';
  return session.state === 'idle' && registered !== undefined;
}

/**
 * The person behind a reading session. First the registry (the id MediaMTX sent with the auth
 * request we allowed); failing that (the overlay restarted, another instance answered), the
 * session's `user` field — unless a MediaMTX internal user could have let this session in, since
 * the overlay never revokes those (the config file grants them, and they would simply reconnect).
 * null: nobody we can judge (anonymous, token in the query from before a restart, internal user).
 */
export function ownerOf(session: MediamtxSession, registered: RegisteredSession | undefined, internalUsers: readonly InternalUser[]): SessionOwner | null {
  if (registered) return { username: registered.user, via: 'auth-request' };
  if (!session.user || couldBeInternalUser(session, internalUsers)) return null;
  return { username: session.user, via: 'session-user' };
}

/**
 * MediaMTX's internal-user match without the password, which the API never shows: any entry that
 * would take this client's address, this path and this user name might have been the one.
 */
function couldBeInternalUser(session: MediamtxSession, users: readonly InternalUser[]): boolean {
  const client = parseClientIp(hostOf(session.remoteAddr));
  return users.some(
    (u) =>
      (u.ips.length === 0 || client === null || networksContain(u.ips, client)) &&
      matchesPermission(u.permissions, 'read', session.path) &&
      (u.any || u.userCredential.kind === 'argon2' || u.userCredential.check(session.user)),
  );
}

/** `1.2.3.4:5678` → `1.2.3.4`, `[::1]:5678` → `::1`. */
function hostOf(remoteAddr: string): string {
  const bracketed = /^\[([^\]]+)\]:\d+$/.exec(remoteAddr);
  if (bracketed) return bracketed[1]!;
  const colon = remoteAddr.lastIndexOf(':');
  return colon > 0 && remoteAddr.indexOf(':') === colon ? remoteAddr.slice(0, colon) : remoteAddr;
}
