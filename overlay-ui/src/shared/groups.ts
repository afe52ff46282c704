/** Stream groups carry this prefix; the API only ever sends such groups, and the UI checks again. */
export const GROUP_PREFIX = 'vid_';

/**
 * Defence in depth: whatever the API sent, only `vid_*` groups are ever rendered, and `tak_*`
 * (or any other directory group) never is.
 */
export function isStreamGroup(name: unknown): name is string {
  return typeof name === 'string' && name.startsWith(GROUP_PREFIX) && !/^tak_/i.test(name);
}

export function streamGroupsOf(groups: readonly unknown[] | null | undefined): string[] {
  return Array.isArray(groups) ? [...new Set(groups.filter(isStreamGroup))] : [];
}

export const PUBLIC_GROUP = `${GROUP_PREFIX}public`;

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
