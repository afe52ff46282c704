/**
 * May this person do this to this path? The one answer the auth endpoint, JWT claims, the streams
 * filter, share links, the player page, revocation and the paths API all ask for. Pure: the
 * person's groups, the action, the path and the compiled rules (which carry the compiled policy)
 * in, a decision out; no I/O, no clock. Like MediaMTX's own internal/auth, it knows nothing of
 * HTTP or of where the groups came from.
 *
 * Cheap enough for the auth endpoint: the rules and the policy are compiled once (compileRules,
 * createPolicy) and a person's group keys once (relevantGroups), so a decision is the rule lookup
 * and a few comparisons in short lists, and only formats the person's side of its reason.
 */
import type { CompiledRules } from '../rules/compile.ts';
import { effectiveAccess } from '../rules/evaluate.ts';
import { adminReason, explainDecision } from '../rules/reason.ts';
import type { Access, Decision } from '../rules/types.ts';
import { adminGroupOf, firstIn, keysOf, publishGroupOf } from './groups.ts';

/** MediaMTX's actions, as its auth callback names them. */
export const ACTIONS = ['read', 'playback', 'publish', 'api', 'metrics', 'pprof'] as const;
export type Action = (typeof ACTIONS)[number];

/** What a playback token and a stream rule can allow; the others are decided by group alone. */
export const READ_ACTIONS: ReadonlySet<string> = new Set<Action>(['read', 'playback']);
const ADMIN_ACTIONS: ReadonlySet<string> = new Set<Action>(['api', 'metrics', 'pprof']);

/** Whom a decision is about: their stream and admin groups (groups.ts relevantGroups), as the directory spells them. */
export interface Member {
  readonly groups: readonly string[];
}

/** Whether `access` names one of `groups`. */
export function grants(rules: CompiledRules, access: Access, groups: readonly string[]): boolean {
  return firstIn(rules.labels.get(access)!.keys, keysOf(groups)) !== -1;
}

function allowed(reason: string): Decision {
  return { allow: true, reason, rule: null };
}

function refused(reason: string): Decision {
  return { allow: false, reason, rule: null };
}

/**
 * Reads (`read`, `playback`): admins see every path; anyone else needs a group the path's
 * effective access names. `publish` needs a publish group, `api`, `metrics` and `pprof` an admin
 * group, whatever the path. Any other action is refused. The reason names what decided.
 */
export function may(person: Member, action: string, path: string, rules: CompiledRules): Decision {
  const { policy } = rules;
  const { groups } = person;
  if (READ_ACTIONS.has(action)) {
    const keys = keysOf(groups);
    const admin = firstIn(policy.adminKeys, keys);
    if (admin !== -1) return allowed(adminReason(groups[admin]!));
    const access = effectiveAccess(rules, path);
    const label = rules.labels.get(access)!;
    const allow = firstIn(label.keys, keys) !== -1;
    return { allow, reason: explainDecision(access, label, groups, keys, allow), rule: access.rule };
  }
  const needed = action === 'publish' ? policy.publishGroups : ADMIN_ACTIONS.has(action) ? policy.adminGroups : null;
  if (!needed) return refused(`unknown action "${action}"`);
  const granting = action === 'publish' ? publishGroupOf(policy, groups) : adminGroupOf(policy, groups);
  return granting !== undefined ? allowed(`group ${granting} may ${action}`) : refused(`${action} needs one of: ${needed.join(', ')}`);
}

/** The paths among `paths` the person may read (what may() answers for each), in the order given. */
export function visiblePaths(person: Member, paths: readonly string[], rules: CompiledRules): string[] {
  const keys = keysOf(person.groups);
  if (firstIn(rules.policy.adminKeys, keys) !== -1) return [...paths];
  return paths.filter((path) => firstIn(rules.labels.get(effectiveAccess(rules, path))!.keys, keys) !== -1);
}
