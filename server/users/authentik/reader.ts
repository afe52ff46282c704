/**
 * Users and groups from the Authentik API, for a site with AUTHENTIK_URL and a token but no
 * LDAP_URL. Read whole (every page) and cached briefly, like the LDAP listing.
 */
import { directoryGroups } from '../../directory/entry.ts';
import type { ListedGroup, UserListing, UserReader } from '../types.ts';
import type { AuthentikClient } from './client.ts';

/** Authentik's own outpost accounts are machinery, not people anyone grants streams to. */
const HIDDEN_TYPES = new Set(['internal_service_account']);
const LISTING_TTL_MS = 30_000;

export function createAuthentikReader(options: {
  client: AuthentikClient;
  groupPrefix: string;
  adminGroups: readonly string[];
  cacheTtlMs: number;
  now?: () => number;
}): UserReader {
  const now = options.now ?? Date.now;
  const ttl = Math.min(options.cacheTtlMs, LISTING_TTL_MS);
  let cached: { at: number; value: Promise<UserListing> } | null = null;

  async function read(): Promise<UserListing> {
    const [people, allGroups] = await Promise.all([options.client.listUsers(), options.client.listGroups()]);
    const keep = (names: readonly string[]) => directoryGroups(names, options);
    const users = people
      .filter((u) => !HIDDEN_TYPES.has(u.type))
      .map((u) => ({ username: u.username, name: u.name, email: u.email, active: u.active, groups: keep(u.groupNames) }))
      .sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
    // Member counts come from the users' own group lists: one pass, no per-group member fetch.
    const counts = new Map<string, number>();
    for (const user of users) for (const g of user.groups) counts.set(g, (counts.get(g) ?? 0) + 1);
    const groups: ListedGroup[] = keep(allGroups.map((g) => g.name)).map((name) => ({ name, members: counts.get(name) ?? 0 }));
    return { users, groups };
  }

  return {
    source: 'authentik',
    list() {
      if (cached && now() - cached.at < ttl) return cached.value;
      const entry = { at: now(), value: read() };
      cached = entry;
      entry.value.catch(() => {
        if (cached === entry) cached = null;
      });
      return entry.value;
    },
    async invalidate() {
      cached = null;
    },
  };
}
