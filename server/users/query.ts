/**
 * Search, sort and paging of the user list, done in memory over the cached listing: the directory
 * is read once per cache period, not once per keystroke in the search box. Pure; no I/O.
 */
import { z } from 'zod';
import { firstIssue } from '../http/input-issues.ts';
import { badInput } from './errors.ts';
import type { ListedUser } from './types.ts';
import { sameGroup, shownGroups } from '../policy/groups.ts';

const SORT_FIELDS = ['username', 'name', 'email'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export interface UserQuery {
  /** Case-insensitive substring of username, name or email; '' matches everyone. */
  search: string;
  page: number;
  pageSize: number;
  sort: SortField;
  order: 'asc' | 'desc';
  /** Only members of this group (an extra to the panel contract); null for everyone. */
  group: string | null;
}

export const MAX_PAGE_SIZE = 100;
const MAX_SEARCH = 200;

/** A page number or size from the query string; absent or empty is the default. */
function wholeNumber(fallback: number, min: number, max: number) {
  const rule = `must be a whole number from ${min} to ${max}`;
  return z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .regex(/^\d+$/, rule)
      .transform(Number)
      .refine((n) => Number.isSafeInteger(n) && n >= min && n <= max, rule)
      .default(fallback),
  );
}

// In the order the parameters are checked: the first bad one is the one named.
const USER_QUERY = z.object({
  search: z
    .string()
    .max(MAX_SEARCH, `at most ${MAX_SEARCH} characters`)
    .transform((text) => text.trim())
    .default(''),
  sort: z.enum(SORT_FIELDS, { error: `must be one of ${SORT_FIELDS.join(', ')}` }).default('username'),
  order: z.enum(['asc', 'desc'], { error: 'must be asc or desc' }).default('asc'),
  page: wholeNumber(0, 0, 1_000_000),
  pageSize: wholeNumber(25, 1, MAX_PAGE_SIZE),
  group: z
    .string()
    .optional()
    .transform((name) => name || null),
});

/** Reads `?search=&page=&pageSize=&sort=&order=&group=`; a bad value is a 400 naming the parameter. */
export function parseUserQuery(get: (name: string) => string | undefined): UserQuery {
  const params = Object.fromEntries(Object.keys(USER_QUERY.shape).map((name) => [name, get(name)]));
  const parsed = USER_QUERY.safeParse(params);
  if (parsed.success) return parsed.data;
  const { field, message } = firstIssue(parsed.error);
  throw badInput(field, message);
}

// Natural order that ignores case and accents: "user2" before "user10", "Émile" next to "emile".
const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

export function queryUsers<T extends ListedUser>(users: readonly T[], query: UserQuery): { users: T[]; total: number } {
  const needle = query.search.toLowerCase();
  const matching = users.filter(
    (u) =>
      (needle === '' || u.username.toLowerCase().includes(needle) || u.name.toLowerCase().includes(needle) || u.email.toLowerCase().includes(needle)) &&
      (query.group === null || u.groups.some((g) => sameGroup(g, query.group!))),
  );
  const direction = query.order === 'asc' ? 1 : -1;
  matching.sort(
    (a, b) => direction * (collator.compare(a[query.sort], b[query.sort]) || collator.compare(a.username, b.username) || cmp(a.username, b.username)),
  );
  const start = query.page * query.pageSize;
  return { users: matching.slice(start, start + query.pageSize), total: matching.length };
}

/** Usernames that differ only in case still get a stable order. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What leaves the server about a person: only stream groups, never tak_* or any other directory group. */
export function publicUser(user: ListedUser, prefix: string): ListedUser {
  return {
    username: user.username,
    name: user.name,
    email: user.email,
    active: user.active,
    groups: shownGroups({ groupPrefix: prefix }, user.groups),
  };
}
