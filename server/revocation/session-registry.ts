import type { AuthDecision } from '../auth/authenticate.ts';
import { READ_ACTIONS } from '../policy/may.ts';
import type { MediamtxAuthRequest } from '../auth/request.ts';

/** Who a MediaMTX session belongs to, as the auth endpoint learnt it when it let the session in. */
export interface RegisteredSession {
  /** The directory person (canonical user name), not the name the client typed. */
  user: string;
  path: string;
  protocol: string;
  /** When the session was allowed or last seen live by a sweep (ms since the epoch). */
  at: number;
}

export interface SessionRegistry {
  /** Feeds the registry from one auth decision; keeps only allowed reads of directory people. */
  record(request: MediamtxAuthRequest, decision: AuthDecision): void;
  get(id: string): RegisteredSession | undefined;
  /** Marks a session as still running, so a long one outlives the expiry. */
  touch(id: string): void;
  forget(id: string): void;
  size(): number;
}

/** Internal users are MediaMTX's own accounts: their access is the config file's business, not ours. */
const DIRECTORY_PEOPLE = new Set<AuthDecision['by']>(['token', 'directory']);

/**
 * Session id → person, from the auth requests MediaMTX sent us. MediaMTX's session lists only
 * carry the name the client typed (empty for a token in the query), so this is what tells the
 * sweeper whose session it is. In memory, bounded (oldest out) and expiring: a session that never
 * showed up in a sweep within `ttlMs` is long gone, while a sweep's touch keeps a live one.
 */
export function createSessionRegistry(options: { capacity?: number; ttlMs?: number; now?: () => number } = {}): SessionRegistry {
  const capacity = options.capacity ?? 50_000;
  const ttlMs = options.ttlMs ?? 24 * 3_600_000;
  const now = options.now ?? Date.now;
  // Insertion order is age order: every write goes to the end with the current time.
  const entries = new Map<string, RegisteredSession>();

  function put(id: string, entry: RegisteredSession) {
    entries.delete(id);
    entries.set(id, entry);
    for (const [oldest, value] of entries) {
      if (entries.size <= capacity && now() - value.at <= ttlMs) break;
      entries.delete(oldest);
    }
  }

  return {
    record(request, decision) {
      if (!decision.allow || !request.id || !decision.user) return;
      if (!READ_ACTIONS.has(request.action) || !DIRECTORY_PEOPLE.has(decision.by)) return;
      put(request.id, { user: decision.user, path: request.path, protocol: request.protocol, at: now() });
    },
    get(id) {
      const entry = entries.get(id);
      if (entry && now() - entry.at > ttlMs) {
        entries.delete(id);
        return undefined;
      }
      return entry;
    },
    touch(id) {
      const entry = entries.get(id);
      if (entry) put(id, { ...entry, at: now() });
    },
    forget(id) {
      entries.delete(id);
    },
    size: () => entries.size,
  };
}
