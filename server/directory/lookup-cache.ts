import type Keyv from 'keyv';
import { LRUCache } from 'lru-cache';
import { ownerClock, ttlFor } from '../cache/lru.ts';

/**
 * Where the directory keeps lookups between LDAP round trips. The auth endpoint reads it on every
 * playback-token decision, so the in-process case is an lru-cache answering synchronously: Keyv's
 * memory store serialises every value to JSON and back, far dearer than a Map read. A shared Keyv (Redis)
 * given by the caller is used as it is, so every instance sees the others' invalidations.
 */
export interface LookupCache {
  /** undefined on a miss (or an expired entry); may answer synchronously. */
  get<T>(key: string): T | undefined | Promise<T | undefined>;
  set(key: string, value: unknown, ttlMs: number): void | Promise<unknown>;
  delete(key: string): void | Promise<unknown>;
}

export interface MemoryLookupCache extends LookupCache {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown, ttlMs: number): void;
  delete(key: string): void;
}

/** What the directory uses: never throws nor rejects, and caches nothing when maxTtlMs is 0. */
export interface DirectoryCache {
  get<T>(key: string): T | undefined | Promise<T | undefined>;
  /** Kept for the smaller of ttlMs and maxTtlMs. */
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

function keyvLookupCache(keyv: Keyv): LookupCache {
  return {
    get: <T>(key: string) => keyv.get<T>(key),
    set: (key, value, ttlMs) => keyv.set(key, value, ttlMs),
    delete: (key) => keyv.delete(key),
  };
}

/** Freezes a cached value all the way down, since every reader now gets the same object. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * Bounded (oldest entry out) and expiring, like the Keyv memory store it replaces; values are
 * frozen rather than copied, so a caller changing what it got cannot change what others get.
 * Read with peek(), as before: a read does not make an entry newer, so the oldest written goes
 * first (nearly always the next to expire anyway), and a hit costs the auth endpoint no reordering.
 */
export function memoryLookupCache(options: { capacity?: number; now?: () => number } = {}): MemoryLookupCache {
  const entries = new LRUCache<string, { value: unknown }>({ max: options.capacity ?? 50_000, ...ownerClock(options.now ?? Date.now) });
  return {
    get<T>(key: string): T | undefined {
      return entries.peek(key)?.value as T | undefined;
    },
    set(key, value, ttlMs) {
      const ttl = ttlFor(ttlMs);
      if (ttl) entries.set(key, { value: deepFreeze(value) }, { ttl });
      else entries.delete(key);
    },
    delete(key) {
      entries.delete(key);
    },
  };
}

/**
 * The given Keyv, or memory. A broken cache store must not take logins down with it: a failing
 * read is a miss and a failing write is skipped. Reads stay synchronous when the store is, so a
 * memory hit costs the auth endpoint no extra promise.
 */
export function directoryCache(options: { keyv?: Keyv; maxTtlMs: number; now?: () => number }): DirectoryCache {
  const store = options.keyv ? keyvLookupCache(options.keyv) : memoryLookupCache({ now: options.now });
  const enabled = options.maxTtlMs > 0;
  return {
    get<T>(key: string) {
      if (!enabled) return undefined;
      try {
        const hit = store.get<T>(key);
        return hit instanceof Promise ? hit.catch(() => undefined) : hit;
      } catch {
        return undefined;
      }
    },
    async set(key, value, ttlMs) {
      if (!enabled) return;
      try {
        await store.set(key, value, Math.min(options.maxTtlMs, ttlMs));
      } catch {
        /* see above */
      }
    },
    async delete(key) {
      try {
        await store.delete(key);
      } catch {
        /* see above */
      }
    },
  };
}
