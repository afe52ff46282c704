import type { Me } from './api-types.ts';

/**
 * Which groups the console shows, as the server decides it (server/policy/groups.ts); `/me` sends
 * the prefix and the admin groups. Names compare without case, as the directory compares them,
 * and are shown as the directory spells them. `tak_*` is never shown, whatever the prefix or case.
 */
export type GroupPolicy = Pick<Me, 'groupPrefix' | 'adminGroups'>;

export function groupKey(name: string): string {
  return name.toLowerCase();
}

export function sameGroup(a: string, b: string): boolean {
  return a === b || groupKey(a) === groupKey(b);
}

/**
 * Defence in depth: whatever the API sent, only stream groups are ever rendered, and `tak_*` (or
 * any other directory group) never is. Closed until `/me` said what a stream group is: without a
 * policy, or with one without a prefix, nothing is.
 */
export function isStreamGroup(name: unknown, policy: GroupPolicy | null | undefined): name is string {
  if (typeof name !== 'string' || /^tak_/i.test(name) || !policy) return false;
  const prefix = groupKey(policy.groupPrefix ?? '');
  return prefix !== '' && groupKey(name).startsWith(prefix);
}

/** The stream groups among `groups`, each once (the first spelling), in the order given. */
export function streamGroupsOf(groups: readonly unknown[] | null | undefined, policy: GroupPolicy | null | undefined): string[] {
  if (!Array.isArray(groups)) return [];
  const kept: string[] = [];
  for (const group of groups) {
    if (isStreamGroup(group, policy) && !kept.some((g) => sameGroup(g, group))) kept.push(group);
  }
  return kept;
}

export function isAdminGroup(name: string, policy: GroupPolicy | null | undefined): boolean {
  return (policy?.adminGroups ?? []).some((g) => sameGroup(g, name));
}

/** `<prefix>public`, what "Private only" turns off; null without a prefix. */
export function publicGroupOf(policy: GroupPolicy | null | undefined): string | null {
  return policy?.groupPrefix ? `${policy.groupPrefix}public` : null;
}

/** A selector with a wildcard or a regex (anything else is an exact stream path). */
export function isPatternSelector(path: string): boolean {
  return path.startsWith('~') || path.includes('*');
}

export function countOf(value: number | readonly unknown[] | null | undefined): number {
  if (Array.isArray(value)) return value.length;
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Only same-site paths or http(s) URLs become links (never `javascript:`). */
export function safeHref(url: string | null | undefined): string | null {
  if (typeof url !== 'string' || url === '') return null;
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}
