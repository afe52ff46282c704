import { hash, randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { DirectoryUnavailableError, type Directory, type DirectoryUser } from '../directory/types.ts';
import type { FailureThrottle } from '../http/failure-throttle.ts';
import { createPasswordCheck, type PasswordVerdict } from '../identity/password-check.ts';
import { activeGroups, createPolicy, type Policy, type PolicySettings } from '../policy/groups.ts';
import type { Maybe } from './maybe.ts';

/** What a decision needs to know about a person. */
export interface Person {
  username: string;
  groups: string[];
  active: boolean;
}

export type CredentialCheck =
  { kind: 'person'; person: Person } | { kind: 'refused' } | { kind: 'throttled'; retryAfterSeconds: number } | { kind: 'unavailable'; reason: string };

export type Lookup = { kind: 'person'; person: Person | null } | { kind: 'unavailable'; reason: string };

export interface PeopleResolver {
  /** The person behind a playback token (uncached beyond the directory's own TTL; no promise on a hit). */
  lookup(username: string): Maybe<Lookup>;
  /**
   * lookup, past the directory's cache: live revocation asks this for everyone watching, so a group
   * removed in the directory counts here, for tokens, and for cached binds (see checkCredentials).
   */
  refresh(username: string): Promise<Lookup>;
  /** Directory credentials from a stream client (VLC, ffplay, ATAK): the sign-in page's password check, cached briefly (no promise on a hit). */
  checkCredentials(username: string, password: string, ip: string): Maybe<CredentialCheck>;
}

/** How many cached binds, and how many directory answers, are kept. */
const REMEMBERED = 50_000;

/**
 * The directory behind the auth endpoint. MediaMTX asks on every session start, so successful
 * binds are remembered briefly (keyed by a salted hash, never the password), and when the
 * directory is down, what was known within the last `graceMs` still counts — then nothing does.
 */
export function createPeopleResolver(options: {
  directory: Directory;
  policy: PolicySettings | Policy;
  throttle: FailureThrottle;
  bindCacheMs: number;
  graceMs: number;
  now?: () => number;
}): PeopleResolver {
  const now = options.now ?? Date.now;
  const checkPassword = createPasswordCheck(options);
  const policy = createPolicy(options.policy);
  // A per-process salt: the cache key cannot be turned back into a password even from a heap dump.
  const salt = randomBytes(16).toString('base64');
  // null = the directory said there is no such user; that, too, outdates a cached bind.
  // Both are read with peek(): what an entry is worth is the age of what it says (`at`), and only a
  // new answer (set) renews it, so the oldest answer goes first, however often it was read.
  const lastKnown = new LRUCache<string, { person: Person | null; at: number }>({ max: REMEMBERED });
  const binds = new LRUCache<string, { person: Person; at: number }>({ max: REMEMBERED });

  // The in-memory directory cache hands out the same (frozen) user until it refreshes: build its Person once.
  const people = new WeakMap<DirectoryUser, Person>();
  function toPerson(user: DirectoryUser): Person {
    let person = people.get(user);
    if (!person) {
      person = { username: user.username, groups: activeGroups(policy, user), active: user.active };
      people.set(user, person);
    }
    return person;
  }

  const withinGrace = (at: number) => now() - at <= options.graceMs;

  const sameAccess = (a: Person | null, b: Person) =>
    a !== null && a.active === b.active && a.groups.length === b.groups.length && a.groups.every((g) => b.groups.includes(g));

  /** A cached bind, unless the directory said something different about its user since. */
  function currentBind(key: string, lowerName: string): { person: Person; at: number } | undefined {
    const cached = binds.peek(key);
    const latest = lastKnown.peek(lowerName);
    if (cached && latest && latest.at > cached.at && !sameAccess(latest.person, cached.person)) {
      binds.delete(key);
      return undefined;
    }
    return cached;
  }

  /** What the directory said about a user, remembered for the grace period. */
  function seen(key: string, user: DirectoryUser | null): Lookup {
    const person = user ? toPerson(user) : null;
    lastKnown.set(key, { person, at: now() });
    return { kind: 'person', person };
  }

  function lookup(username: string): Maybe<Lookup> {
    const cached = options.directory.findUserCached?.(username);
    return cached === undefined ? lookupInDirectory(username) : seen(username.toLowerCase(), cached);
  }

  async function lookupInDirectory(username: string): Promise<Lookup> {
    const key = username.toLowerCase();
    try {
      return seen(key, await options.directory.findUser(username));
    } catch (error) {
      if (!(error instanceof DirectoryUnavailableError)) throw error;
      const known = lastKnown.peek(key);
      if (known && withinGrace(known.at)) return { kind: 'person', person: known.person };
      return { kind: 'unavailable', reason: error.message };
    }
  }

  /** checkCredentials past the bind cache: the shared password check (throttle, search, bind). */
  async function bind(
    username: string,
    password: string,
    ip: string,
    key: string,
    cached: { person: Person; at: number } | undefined,
  ): Promise<CredentialCheck> {
    let verdict: PasswordVerdict;
    try {
      verdict = await checkPassword(username, password, ip);
    } catch (error) {
      if (!(error instanceof DirectoryUnavailableError)) throw error;
      if (cached && withinGrace(cached.at)) return { kind: 'person', person: cached.person };
      return { kind: 'unavailable', reason: error.message };
    }
    if (verdict.kind === 'throttled') return verdict;
    if (verdict.kind === 'refused') {
      binds.delete(key);
      return verdict;
    }
    const person = toPerson(verdict.user);
    binds.set(key, { person, at: now() });
    lastKnown.set(username.toLowerCase(), { person, at: now() });
    return { kind: 'person', person };
  }

  return {
    lookup,

    async refresh(username) {
      await options.directory.invalidate?.(username);
      return lookupInDirectory(username);
    },

    checkCredentials(username, password, ip) {
      const lowerName = username.toLowerCase();
      const key = hash('sha256', `${salt}${lowerName}\0${password}`, 'base64');
      const cached = currentBind(key, lowerName);
      if (cached && now() - cached.at <= options.bindCacheMs) return { kind: 'person', person: cached.person };
      return bind(username, password, ip, key, cached);
    },
  };
}
