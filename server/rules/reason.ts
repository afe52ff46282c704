import { groupKey } from '../policy/groups.ts';
import type { Access } from './types.ts';

// Reasons name what decided a request, for logs and for the person asking why. The parts that
// depend only on the rule are built once by compileRules; per decision only the user's side is
// formatted.

/** What a decision needs of an access beyond the access itself, built at compile time. */
export interface AccessLabel {
  /** `rule "live/alpha/*" (glob)` or `no rule matches: default groups`. */
  source: string;
  /** The access's groups, formatted. */
  groups: string;
  /** The access's groups as compared (policy/groups.ts groupKey), in the same order. */
  keys: readonly string[];
  /** Each of the access's groups formatted, in the same order. */
  names: readonly string[];
}

const PLAIN_GROUP = /^[\w.-]+$/;

/** Group names may hold spaces and commas (`Team Alpha, West`); quote those so lists stay readable. */
function formatGroup(group: string): string {
  return PLAIN_GROUP.test(group) ? group : JSON.stringify(group);
}

export function formatGroups(groups: readonly string[]): string {
  let text = '';
  for (const group of groups) {
    if (text !== '') text += ', ';
    text += formatGroup(group);
  }
  return text;
}

export function labelAccess(access: Access): AccessLabel {
  return {
    source: access.rule === null ? 'no rule matches: default groups' : `rule ${JSON.stringify(access.rule.path)} (${access.via})`,
    groups: formatGroups(access.groups),
    keys: access.groups.map(groupKey),
    names: access.groups.map(formatGroup),
  };
}

/** The access's groups the user has (in any case), formatted: what they were granted by. */
function granted(label: AccessLabel, userKeys: readonly string[]): string {
  let text = '';
  for (let i = 0; i < label.keys.length; i++) {
    if (!userKeys.includes(label.keys[i]!)) continue;
    if (text !== '') text += ', ';
    text += label.names[i];
  }
  return text;
}

export function adminReason(adminGroup: string): string {
  return `admin group ${formatGroup(adminGroup)} sees every path`;
}

/**
 * `rule "live/alpha/*" (glob) grants vid_alpha`,
 * `rule "live/drone1" (exact) allows vid_private; user has vid_public`,
 * `no rule matches: default groups vid_public, vid_private include vid_public`.
 */
export function explainDecision(access: Access, label: AccessLabel, userGroups: readonly string[], userKeys: readonly string[], allow: boolean): string {
  const byRule = access.rule !== null;
  if (allow) {
    const by = granted(label, userKeys);
    return byRule ? `${label.source} grants ${by}` : `${label.source} ${label.groups} include ${by}`;
  }
  if (access.groups.length === 0) return byRule ? `${label.source} allows no groups` : 'no rule matches and there are no default groups';
  const has = userGroups.length === 0 ? 'user has no stream groups' : `user has ${formatGroups(userGroups)}`;
  return byRule ? `${label.source} allows ${label.groups}; ${has}` : `${label.source} ${label.groups}; ${has}`;
}
