import type { Access } from './types.ts';

// Reasons name what decided a request, for logs and for the person asking why. The parts that
// depend only on the rule are built once by compileRules; per decision only the user's side is
// formatted.

/** The rule-only parts of a reason, built at compile time. */
export interface AccessLabel {
  /** `rule "live/alpha/*" (glob)` or `no rule matches: default groups`. */
  source: string;
  /** The access's groups, formatted. */
  groups: string;
}

const PLAIN_GROUP = /^[\w.-]+$/;

/**
 * Group names may hold spaces and commas (`Team Alpha, West`); quote those so lists stay readable.
 * With `onlyIn`, lists just the groups also found there (what a user was granted by).
 */
export function formatGroups(groups: readonly string[], onlyIn?: readonly string[]): string {
  let text = '';
  for (const group of groups) {
    if (onlyIn && !onlyIn.includes(group)) continue;
    if (text !== '') text += ', ';
    text += PLAIN_GROUP.test(group) ? group : JSON.stringify(group);
  }
  return text;
}

export function labelAccess(access: Access): AccessLabel {
  return {
    source: access.rule === null ? 'no rule matches: default groups' : `rule ${JSON.stringify(access.rule.path)} (${access.via})`,
    groups: formatGroups(access.groups),
  };
}

export function adminReason(adminGroup: string): string {
  return `admin group ${formatGroups([adminGroup])} sees every path`;
}

/**
 * `rule "live/alpha/*" (glob) grants vid_alpha`,
 * `rule "live/drone1" (exact) allows vid_private; user has vid_public`,
 * `no rule matches: default groups vid_public, vid_private include vid_public`.
 */
export function explainDecision(access: Access, label: AccessLabel, userGroups: readonly string[], allow: boolean): string {
  const byRule = access.rule !== null;
  if (allow) {
    const granted = formatGroups(access.groups, userGroups);
    return byRule ? `${label.source} grants ${granted}` : `${label.source} ${label.groups} include ${granted}`;
  }
  if (access.groups.length === 0) return byRule ? `${label.source} allows no groups` : 'no rule matches and there are no default groups';
  const has = userGroups.length === 0 ? 'user has no stream groups' : `user has ${formatGroups(userGroups)}`;
  return byRule ? `${label.source} allows ${label.groups}; ${has}` : `${label.source} ${label.groups}; ${has}`;
}
