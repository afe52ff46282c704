/**
 * What a group name means: which groups are stream groups, which make an admin or a publisher,
 * and the role a person's groups give. Pure: settings in, answers out, no I/O and no clock.
 * createPolicy compiles the settings once, so each question is a string fold and a look through a
 * short list.
 *
 * Group names compare without case, as LDAP compares them (`cn` matches with caseIgnoreMatch, and
 * the directory's own `(cn=vid_*)` filter already returns `VID_x`); they are kept and shown as the
 * directory spells them. The prefix is matched the same way. `tak_*` groups belong to TAK Portal:
 * whatever their case and the prefix, they are never stream groups, so they are never listed,
 * shown, granted or changed here.
 */

import type { Role } from '../contract.ts';

export type { Role };

export interface PolicySettings {
  /** Groups whose name starts with it are stream groups. */
  groupPrefix: string;
  /** Members of any of these are admins: the whole console, every path. */
  adminGroups: readonly string[];
  /** Who may publish (MediaMTX's `publish`); unset: the admin groups, as PUBLISH_GROUPS says. */
  publishGroups?: readonly string[];
  /** Who may see a path no rule matches; unset: nobody but the admins. */
  defaultGroups?: readonly string[];
}

/** The settings compiled: read the settings' fields freely, the keys are for this module. */
export interface Policy {
  readonly groupPrefix: string;
  readonly adminGroups: readonly string[];
  readonly publishGroups: readonly string[];
  readonly defaultGroups: readonly string[];
  readonly adminKeys: readonly string[];
  readonly publishKeys: readonly string[];
}

/** How two group names compare: equal keys, same group. */
export function groupKey(name: string): string {
  return name.toLowerCase();
}

/**
 * The keys of the group lists relevantGroups made. A person's groups are made once (the directory
 * cache hands out the same person until it refreshes) and decided on for every request: their
 * keys are looked up here instead of folded again each time. So a list made here must not be
 * reordered afterwards: sort what goes in, not what comes out.
 */
const keyLists = new WeakMap<readonly string[], readonly string[]>();

/** groups.map(groupKey), from memory when relevantGroups made the list. */
export function keysOf(groups: readonly string[]): readonly string[] {
  return keyLists.get(groups) ?? groups.map(groupKey);
}

/** The index of the first of `keys` that is also among `wanted`, or -1. Both lists are short. */
export function firstIn(wanted: readonly string[], keys: readonly string[]): number {
  for (let i = 0; i < keys.length; i++) if (wanted.includes(keys[i]!)) return i;
  return -1;
}

export function sameGroup(a: string, b: string): boolean {
  return a === b || groupKey(a) === groupKey(b);
}

/** TAK Portal's groups, in any case. */
export function isTakGroup(name: string): boolean {
  return name.length >= 4 && groupKey(name.slice(0, 4)) === 'tak_';
}

const compiled = new WeakMap<object, Policy>();

/**
 * The settings compiled, once per settings object (a later call with the same object answers the
 * same Policy); a Policy passed in is its own answer.
 */
export function createPolicy(settings: PolicySettings | Policy): Policy {
  if ('adminKeys' in settings) return settings;
  let policy = compiled.get(settings);
  if (!policy) {
    const publishGroups = settings.publishGroups ?? settings.adminGroups;
    // The lists stay unfrozen (the object is frozen): V8 reads frozen arrays more slowly, and a
    // refusal on the auth endpoint joins one of them.
    policy = Object.freeze({
      groupPrefix: settings.groupPrefix,
      adminGroups: [...settings.adminGroups],
      publishGroups: [...publishGroups],
      defaultGroups: [...(settings.defaultGroups ?? [])],
      adminKeys: settings.adminGroups.map(groupKey),
      publishKeys: publishGroups.map(groupKey),
    });
    compiled.set(settings, policy);
  }
  return policy;
}

/**
 * A group that carries the prefix (in any case) and is not TAK Portal's: what viewers are made of.
 * An empty prefix matches nothing, so a blank setting never makes every group a stream group.
 */
export function isStreamGroup(policy: Pick<PolicySettings, 'groupPrefix'>, name: string): boolean {
  const prefix = groupKey(policy.groupPrefix);
  return prefix !== '' && groupKey(name).startsWith(prefix) && !isTakGroup(name);
}

export function isAdminGroup(policy: Policy, name: string): boolean {
  return policy.adminKeys.includes(groupKey(name));
}

/** The first of `groups` that is an admin group, as spelled there. */
export function adminGroupOf(policy: Policy, groups: readonly string[]): string | undefined {
  const index = firstIn(policy.adminKeys, keysOf(groups));
  return index === -1 ? undefined : groups[index];
}

/** The first of `groups` that may publish, as spelled there. */
export function publishGroupOf(policy: Policy, groups: readonly string[]): string | undefined {
  const index = firstIn(policy.publishKeys, keysOf(groups));
  return index === -1 ? undefined : groups[index];
}

/** Keeps the first spelling of each group, in the order given; remembers the list's keys (keysOf). */
function unique(groups: readonly string[]): string[] {
  const kept: string[] = [];
  const keys: string[] = [];
  for (const group of groups) {
    const key = groupKey(group);
    if (keys.includes(key)) continue;
    kept.push(group);
    keys.push(key);
  }
  keyLists.set(kept, keys);
  return kept;
}

/**
 * The groups the overlay keeps of a person's (or a directory's): stream groups and admin groups,
 * once each, in the order given and as spelled there. Everything else (tak_*, `Team Alpha`) is
 * dropped where it enters.
 */
export function relevantGroups(policy: Policy, groups: readonly string[]): string[] {
  return unique(groups.filter((group) => isStreamGroup(policy, group) || isAdminGroup(policy, group)));
}

const usersGroups = new WeakMap<Policy, WeakMap<object, string[]>>();

/**
 * A directory user's groups as relevantGroups keeps them, none while the account is disabled.
 * Made once per user object: the directory's in-memory cache hands out the same (frozen) user
 * until it refreshes, and the auth endpoint and every request through the proxy ask for them.
 */
export function activeGroups(policy: Policy, user: { readonly active: boolean; readonly groups: readonly string[] }): string[] {
  let byUser = usersGroups.get(policy);
  if (!byUser) usersGroups.set(policy, (byUser = new WeakMap()));
  let groups = byUser.get(user);
  if (!groups) byUser.set(user, (groups = user.active ? relevantGroups(policy, user.groups) : []));
  return groups;
}

/** The groups that may be shown, listed or changed: stream groups only, once each. */
export function shownGroups(policy: Pick<PolicySettings, 'groupPrefix'>, groups: readonly string[]): string[] {
  return unique(groups.filter((group) => isStreamGroup(policy, group)));
}

/** Admin groups win; any stream group makes a viewer; nothing else grants access. */
export function roleOf(policy: Policy, groups: readonly string[]): Role {
  if (adminGroupOf(policy, groups) !== undefined) return 'admin';
  return groups.some((group) => isStreamGroup(policy, group)) ? 'viewer' : 'none';
}

/** `name` as `known` spells it (the directory's groups), or undefined when it names none of them. */
export function spelledAs(known: readonly string[], name: string): string | undefined {
  const key = groupKey(name);
  return known.find((group) => group === name) ?? known.find((group) => groupKey(group) === key);
}

/**
 * Group names someone typed (a rule's, an approval's), each once as the directory spells it, and
 * those the directory does not hold: what is stored and shown is the directory's spelling.
 */
export function asSpelledIn(known: readonly string[], names: readonly string[]): { groups: string[]; unknown: string[] } {
  const groups: string[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const spelled = spelledAs(known, name);
    if (spelled === undefined) unknown.push(name);
    else if (!groups.includes(spelled)) groups.push(spelled);
  }
  return { groups, unknown };
}
