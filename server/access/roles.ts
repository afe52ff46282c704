export type Role = 'admin' | 'viewer' | 'none';

export interface RolePolicy {
  groupPrefix: string;
  adminGroups: readonly string[];
}

/** Admin groups win; any prefixed group makes a viewer; nothing else grants access. */
export function roleFor(groups: readonly string[], policy: RolePolicy): Role {
  if (groups.some((g) => policy.adminGroups.includes(g))) return 'admin';
  if (groups.some((g) => g.startsWith(policy.groupPrefix))) return 'viewer';
  return 'none';
}

/** The groups the overlay may ever show or hand on: prefixed ones and the admin groups. */
export function streamGroups(groups: readonly string[], policy: RolePolicy): string[] {
  return groups.filter((g) => g.startsWith(policy.groupPrefix) || policy.adminGroups.includes(g));
}

/** `X-Authentik-Groups` is pipe-separated only; names may hold spaces, commas and semicolons. */
export function parseGroupsHeader(value: string | undefined): string[] {
  if (!value) return [];
  return [...new Set(value.split('|').map((g) => g.trim()).filter(Boolean))];
}
