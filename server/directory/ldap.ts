/**
 * Directory backed by LDAP (Authentik's outpost, OpenLDAP, AD). Lookups go through one reused
 * service-account connection; passwords are checked by binding as the user on a fresh connection
 * (checkPassword: every refusal costs the same).
 * Values reach the server only inside ldapts filter objects, which BER-encode them as plain
 * octets, so no user input is ever parsed as filter syntax.
 */
import { Client, EqualityFilter, InvalidCredentialsError, ResultCodeError, type Entry } from 'ldapts';
import type Keyv from 'keyv';
import {
  DirectoryUnavailableError,
  type Directory,
  type DirectoryHealth,
  type DirectoryListing,
  type DirectoryUser,
  type LdapSettings,
  type LoginEntry,
} from './types.ts';
import { directoryGroups, firstValue, isGroupEntry, toDirectoryUser } from './entry.ts';
import { readListing, relevantGroupFilter, userAttributes as userAttributesFor } from './ldap-listing.ts';
import { directoryCache } from './lookup-cache.ts';

export interface LdapDirectory extends Directory {
  /** Forgets the cached lookup, e.g. after a group membership change made through the API. */
  invalidate(username: string): Promise<void>;
  listAll(): Promise<DirectoryListing>;
  invalidateListings(): Promise<void>;
}

export interface LdapDirectoryDeps {
  /** A shared cache (Redis); without one, lookups are cached in this process's memory. */
  cache?: Keyv;
  now?: () => number;
}

/** Unknown names are cached only briefly so a just-created account is visible soon. */
const UNKNOWN_USER_TTL_MS = 10_000;
/** The group list backs validation of rule edits: a just-created group should count soon. */
const GROUP_LIST_TTL_MS = 30_000;
const GROUP_LIST_KEY = 'ldap-groups';
/** The whole user list backs the admin panels; a change made through them invalidates it at once. */
const LISTING_TTL_MS = 30_000;
/** LDAP result codes that mean "the server cannot serve now", not "this login is refused". */
const SERVER_TROUBLE_CODES = new Set([3 /* timeLimit */, 51 /* busy */, 52 /* unavailable */, 80 /* other */]);
/** What a password check binds as when there is nobody to bind as (see checkPassword). */
const NO_SUCH_USER = 'overlay-sign-in-no-such-user';
const NOT_A_PASSWORD = 'overlay-sign-in-no-password';

type CachedLookup = { user: DirectoryUser | null };

export function createLdapDirectory(settings: LdapSettings, deps: LdapDirectoryDeps = {}): LdapDirectory {
  const now = deps.now ?? Date.now;
  const cache = directoryCache({ keyv: deps.cache, maxTtlMs: settings.cacheTtlMs, now });
  const userAttributes = userAttributesFor(settings);
  const noSuchDN = `${settings.userAttr}=${NO_SUCH_USER},${settings.userBase}`;
  let health: DirectoryHealth = { state: 'ok', detail: 'no directory operation yet', checkedAt: null };
  let service: Client | null = null;
  let connecting: Promise<Client> | null = null;
  const inflight = new Map<string, Promise<DirectoryUser | null>>();
  // Kept in memory, not in the keyv cache: thousands of users are one object, shared by concurrent callers.
  let listing: { at: number; value: Promise<DirectoryListing> } | null = null;

  function record(state: DirectoryHealth['state'], detail: string): void {
    health = { state, detail, checkedAt: new Date(now()).toISOString() };
  }

  function unavailable(what: string, err: unknown): DirectoryUnavailableError {
    const reason = err instanceof Error ? err.message || err.name : String(err);
    const hint = err instanceof InvalidCredentialsError ? ' (check the service account bind DN and password)' : '';
    const error = new DirectoryUnavailableError(`LDAP ${settings.url}: ${what} failed: ${reason}${hint}`, { cause: err });
    record('degraded', error.message);
    return error;
  }

  function newClient(): Client {
    return new Client({ url: settings.url, timeout: settings.timeoutMs, connectTimeout: settings.timeoutMs });
  }

  function dropService(): Promise<void> {
    const old = service;
    service = null;
    return old ? old.unbind().catch(() => {}) : Promise.resolve();
  }

  async function serviceClient(): Promise<Client> {
    // isBound turns false when ldapts notices the socket closed; it would then reconnect anonymously.
    if (service?.isBound) return service;
    connecting ??= (async () => {
      await dropService();
      const client = newClient();
      try {
        await client.bind(settings.bindDN, settings.bindPassword);
      } catch (err) {
        await client.unbind().catch(() => {});
        throw unavailable(`binding as the service account ${settings.bindDN}`, err);
      }
      service = client;
      return client;
    })().finally(() => {
      connecting = null;
    });
    return connecting;
  }

  async function withService<T>(what: string, op: (client: Client) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const reused = service?.isBound === true;
      const client = await serviceClient();
      try {
        const result = await op(client);
        record('ok', `reachable at ${settings.url}`);
        return result;
      } catch (err) {
        // Any failure may have left the connection unbound (anonymous): never reuse it.
        await dropService();
        // A pooled connection can go stale between requests; one fresh try tells that from an outage.
        if (reused && attempt === 0 && !(err instanceof ResultCodeError)) continue;
        throw unavailable(what, err);
      }
    }
  }

  async function groupNamesOf(client: Client, dn: string): Promise<string[]> {
    const { searchEntries } = await client.search(settings.groupBase, {
      scope: 'sub',
      filter: new EqualityFilter({ attribute: settings.memberAttr, value: dn }),
      attributes: ['cn'],
    });
    return searchEntries.map((g) => firstValue(g, 'cn')).filter((n): n is string => n !== undefined);
  }

  /** The one entry a login name names, through the service account; null when none, or more than one. */
  async function userEntry(client: Client, username: string): Promise<Entry | null> {
    const { searchEntries } = await client.search(settings.userBase, {
      scope: 'sub',
      filter: new EqualityFilter({ attribute: settings.userAttr, value: username }),
      // Two is enough to notice an ambiguous name, which we refuse rather than guess.
      sizeLimit: 2,
      attributes: userAttributes,
    });
    const people = searchEntries.filter((e) => !isGroupEntry(e));
    return people.length === 1 ? people[0]! : null;
  }

  /** Always asks the directory (no cache). */
  function lookup(username: string): Promise<DirectoryUser | null> {
    return withService(`looking up user ${JSON.stringify(username)}`, async (client) => {
      const entry = await userEntry(client, username);
      return entry ? toDirectoryUser(entry, settings, username, await groupNamesOf(client, entry.dn)) : null;
    });
  }

  const cacheKey = (username: string) => `ldap-user:${username.toLowerCase()}`;

  const cacheLookup = (username: string, user: DirectoryUser | null) =>
    cache.set(cacheKey(username), { user } satisfies CachedLookup, user ? settings.cacheTtlMs : UNKNOWN_USER_TTL_MS);

  async function bindAsUser(dn: string, password: string): Promise<boolean> {
    const client = newClient();
    try {
      await client.bind(dn, password);
      record('ok', `reachable at ${settings.url}`);
      return true;
    } catch (err) {
      const refused = err instanceof InvalidCredentialsError || (err instanceof ResultCodeError && !SERVER_TROUBLE_CODES.has(err.code));
      if (!refused) throw unavailable('binding as a user to check a password', err);
      record('ok', `reachable at ${settings.url}`);
      return false;
    } finally {
      await client.unbind().catch(() => {});
    }
  }

  function findLogin(username: string): Promise<LoginEntry | null> {
    return withService(`looking up user ${JSON.stringify(username)}`, async (client) => {
      const entry = await userEntry(client, username);
      if (!entry) return null;
      const { groups: _unread, ...login } = toDirectoryUser(entry, settings, username, []);
      return login;
    });
  }

  /**
   * Every refusal costs the same round trips as a wrong password: one bind on a fresh connection,
   * against a DN nobody has when there is no active entry (its answer is ignored), and the groups
   * are read only after a right password. An empty password is never sent: a simple bind with one is
   * "unauthenticated", which many servers accept.
   */
  async function checkPassword(entry: LoginEntry | null, password: string): Promise<DirectoryUser | null> {
    if (!entry || !entry.active || typeof password !== 'string' || password === '') {
      await bindAsUser(noSuchDN, password || NOT_A_PASSWORD);
      return null;
    }
    if (!(await bindAsUser(entry.dn, password))) return null;
    const groups = await withService(`reading the groups of ${entry.dn}`, (client) => groupNamesOf(client, entry.dn));
    const user: DirectoryUser = { ...entry, groups: directoryGroups(groups, settings) };
    // Uncached up to here: a just-created or just-disabled account counts now, and the groups are current.
    await cacheLookup(entry.username, user);
    return user;
  }

  return {
    findUserCached(username) {
      if (username === '') return null;
      const hit = cache.get<CachedLookup>(cacheKey(username));
      return hit instanceof Promise ? undefined : hit?.user;
    },

    async findUser(username) {
      if (username === '') return null;
      const key = cacheKey(username);
      const hit = await cache.get<CachedLookup>(key);
      if (hit) return hit.user;
      // Concurrent misses for one name (a page load firing many requests) share one LDAP round-trip.
      let pending = inflight.get(key);
      if (!pending) {
        pending = lookup(username)
          .then(async (user) => {
            await cacheLookup(username, user);
            return user;
          })
          .finally(() => inflight.delete(key));
        inflight.set(key, pending);
      }
      return pending;
    },

    findLogin,
    checkPassword,

    async authenticate(username, password) {
      return checkPassword(username === '' ? null : await findLogin(username), password);
    },

    async listGroups() {
      const cached = await cache.get<string[]>(GROUP_LIST_KEY);
      if (cached) return cached;
      const names = await withService('listing groups', async (client) => {
        const { searchEntries } = await client.search(settings.groupBase, {
          scope: 'sub',
          filter: relevantGroupFilter(settings),
          attributes: ['cn', 'objectClass'],
        });
        const all = searchEntries
          .filter(isGroupEntry)
          .map((g) => firstValue(g, 'cn'))
          .filter((n): n is string => n !== undefined);
        return directoryGroups(all, settings);
      });
      await cache.set(GROUP_LIST_KEY, names, GROUP_LIST_TTL_MS);
      return names;
    },

    listAll() {
      const ttl = Math.min(settings.cacheTtlMs, LISTING_TTL_MS);
      if (listing && now() - listing.at < ttl) return listing.value;
      const entry = { at: now(), value: withService('listing users and groups', (client) => readListing(client, settings)) };
      listing = entry;
      entry.value.catch(() => {
        if (listing === entry) listing = null;
      });
      return entry.value;
    },

    async invalidateListings() {
      listing = null;
      await cache.delete(GROUP_LIST_KEY);
    },

    async ping() {
      await withService('binding as the service account', (client) => client.bind(settings.bindDN, settings.bindPassword));
    },

    health: () => health,

    invalidate: (username) => cache.delete(cacheKey(username)),

    async close() {
      await connecting?.catch(() => {});
      await dropService();
    },
  };
}
