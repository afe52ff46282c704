import type { Config } from '../config/index.ts';
import { groupKey, shownGroups } from '../policy/groups.ts';
import { defaultGroupNames } from '../users/authentik/default-groups.ts';
import { fail, pass } from './results.ts';
import type { CheckResult } from './types.ts';

const MAX_LISTED = 5;

function listed(names: readonly string[]): string {
  return names.length <= MAX_LISTED ? names.join(', ') : `${names.slice(0, MAX_LISTED).join(', ')} and ${names.length - MAX_LISTED} more`;
}

export type GroupPolicy = Pick<Readonly<Config>, 'defaultGroups' | 'adminGroups' | 'groupPrefix'>;

/** Every group the doctor looks for: the ones every install starts with, and all admin groups. */
export function groupsToFind(config: GroupPolicy): string[] {
  return [...new Set([...defaultGroupNames(config), ...config.adminGroups])];
}

/**
 * The groups the configuration relies on, against the names a directory holds: the ones every
 * install starts with (`<prefix>public`, `<prefix>private`, DEFAULT_GROUPS, prefixed ADMIN_GROUPS)
 * and at least one ADMIN_GROUPS group, else nobody can run the console. Names compare without
 * case, exactly as roles are decided (policy/groups.ts).
 */
export function judgeGroups(found: readonly string[], config: GroupPolicy, where: string): CheckResult {
  const keys = new Set(found.map(groupKey));
  const missing = defaultGroupNames(config).filter((g) => !keys.has(groupKey(g)));
  const admins = config.adminGroups.filter((g) => keys.has(groupKey(g)));
  const problems = [
    ...(missing.length ? [`${listed(missing)} not found`] : []),
    ...(admins.length ? [] : [`none of ADMIN_GROUPS (${config.adminGroups.join(', ')}) exists`]),
  ];
  if (problems.length) {
    const create = missing.length ? missing : [config.adminGroups[0]!];
    return fail(
      `${problems.join('; ')} in ${where}`,
      `Create ${create.join(', ')} in the directory, or change DEFAULT_GROUPS / ADMIN_GROUPS to groups that exist.`,
    );
  }
  // Sorted going in (policy/groups.ts keeps keys by position in the lists it hands out).
  const streamGroups = shownGroups(config, [...found].sort());
  return pass(
    `${streamGroups.length} ${config.groupPrefix}* groups (${listed(streamGroups)}); admin group${admins.length > 1 ? 's' : ''} ${admins.join(', ')}`,
  );
}
