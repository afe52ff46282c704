import { LRUCache } from 'lru-cache';
import type { AuthDecision } from '../mediamtx-auth/authenticate.ts';
import { READ_ACTIONS } from '../policy/may.ts';
import type { MediamtxAuthRequest } from '../mediamtx-auth/request.ts';
import { ownerClock } from '../cache/lru.ts';

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
  const ttlMs = options.ttlMs ?? 24 * 3_600_000;
  const now = options.now ?? Date.now;
  // Every write (an auth decision, a sweep's touch) puts an entry last with a fresh TTL; a read
  // (peek) changes neither, so what goes first is what was least recently seen alive. Gone once
  // older than ttlMs, which is lru-cache's own rule.
  const entries = new LRUCache<string, RegisteredSession>({ max: options.capacity ?? 50_000, ttl: ttlMs, ...ownerClock(now) });

  return {
    record(request, decision) {
      if (!decision.allow || !request.id || !decision.user) return;
      if (!READ_ACTIONS.has(request.action) || !DIRECTORY_PEOPLE.has(decision.by)) return;
      entries.set(request.id, { user: decision.user, path: request.path, protocol: request.protocol, at: now() });
    },
    get: (id) => entries.peek(id),
    touch(id) {
      const entry = entries.peek(id);
      if (entry) entries.set(id, { ...entry, at: now() });
    },
    forget(id) {
      entries.delete(id);
    },
    size() {
      // Expired entries are dropped lazily; the count is of live ones.
      entries.purgeStale();
      return entries.size;
    },
  };
}
