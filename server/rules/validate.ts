import { isStreamGroup } from '../policy/groups.ts';
import { RuleInputError } from './rule-input-error.ts';
import { parseSelector } from './selector.ts';
import type { RulePolicy } from './types.ts';

export const MAX_GROUPS_PER_RULE = 100;
export const MAX_GROUP_NAME_LENGTH = 256;

const ALLOWED_KEYS = ['path', 'groups'];

function isPlainObject(input: unknown): input is Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
  const proto = Object.getPrototypeOf(input);
  return proto === Object.prototype || proto === null;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function checkGroups(value: unknown, prefix: string): string[] {
  const example = `["${prefix}alpha"]`;
  if (value === undefined) throw new RuleInputError('groups', `groups is required: the directory groups that may see the stream, e.g. ${example}.`);
  if (!Array.isArray(value)) throw new RuleInputError('groups', `groups must be an array of group names, e.g. ${example}; got ${describeValue(value)}.`);
  if (value.length === 0) throw new RuleInputError('groups', `groups must name at least one group, e.g. ${example}.`);
  if (value.length > MAX_GROUPS_PER_RULE) {
    throw new RuleInputError('groups', `groups names ${value.length} groups; at most ${MAX_GROUPS_PER_RULE} are allowed.`);
  }
  const groups = new Set<string>();
  value.forEach((group: unknown, index) => {
    const field = `groups[${index}]`;
    if (typeof group !== 'string') throw new RuleInputError(field, `${field} must be a group name (a string); got ${describeValue(group)}.`);
    if (group === '') throw new RuleInputError(field, `${field} is empty; name a directory group.`);
    if (group.length > MAX_GROUP_NAME_LENGTH) {
      throw new RuleInputError(field, `${field} is ${group.length} characters long; at most ${MAX_GROUP_NAME_LENGTH} are allowed.`);
    }
    if (!isStreamGroup({ groupPrefix: prefix }, group)) {
      throw new RuleInputError(field, `"${group}" is not a stream group: stream groups start with "${prefix}" (for example ${prefix}alpha).`);
    }
    groups.add(group);
  });
  return [...groups];
}

/**
 * Checks a rule as an API receives it (parsed JSON of unknown shape) and returns it cleaned:
 * duplicate groups dropped, order kept. Whether the groups exist in the directory is the caller's
 * check; this one needs no I/O. Every failure is a RuleInputError naming the field.
 */
export function validateRuleInput(input: unknown, policy: Pick<RulePolicy, 'groupPrefix'>): { path: string; groups: string[] } {
  if (!isPlainObject(input)) {
    throw new RuleInputError('body', `a rule must be an object like {"path": "live/drone1", "groups": ["${policy.groupPrefix}alpha"]}; got ${describeValue(input)}.`);
  }
  const unknown = Object.keys(input).filter((key) => !ALLOWED_KEYS.includes(key));
  if (unknown.length > 0) {
    const names = unknown.map((key) => `"${key}"`).join(', ');
    throw new RuleInputError(unknown[0]!, `unknown field${unknown.length > 1 ? 's' : ''} ${names}; a rule has only "path" and "groups".`);
  }
  const { path } = input;
  if (path === undefined) throw new RuleInputError('path', 'path is required: a stream (live/drone1), a glob (live/*) or a regex (~^live/).');
  if (typeof path !== 'string') throw new RuleInputError('path', `path must be a string; got ${describeValue(path)}.`);
  parseSelector(path);
  return { path, groups: checkGroups(input.groups, policy.groupPrefix) };
}
