import { z } from 'zod';
import { describeValue, fieldName, firstIssue } from '../http/input-issues.ts';
import { RuleInputError } from './rule-input-error.ts';
import { parseSelector } from './selector.ts';
import type { RulePolicy } from './types.ts';
import { isStreamGroup } from '../policy/groups.ts';

export const MAX_GROUPS_PER_RULE = 100;
export const MAX_GROUP_NAME_LENGTH = 256;

/** The selector grammar (selector.ts) says what is wrong with a path; zod only carries its words. */
function selectorProblem(text: string): string | null {
  try {
    parseSelector(text);
    return null;
  } catch (error) {
    if (error instanceof RuleInputError) return error.message;
    throw error;
  }
}

const lengthOf = (input: unknown) => (input as { length: number }).length;

function ruleSchema(prefix: string) {
  const example = `["${prefix}alpha"]`;
  const path = z
    .string({
      error: (iss) =>
        iss.input === undefined
          ? 'path is required: a stream (live/drone1), a glob (live/*) or a regex (~^live/).'
          : `path must be a string; got ${describeValue(iss.input)}.`,
    })
    .superRefine((text, ctx) => {
      const problem = selectorProblem(text);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
  const group = z
    .string({ error: (iss) => `${fieldName(iss.path)} must be a group name (a string); got ${describeValue(iss.input)}.` })
    .min(1, { error: (iss) => `${fieldName(iss.path)} is empty; name a directory group.` })
    .max(MAX_GROUP_NAME_LENGTH, {
      error: (iss) => `${fieldName(iss.path)} is ${lengthOf(iss.input)} characters long; at most ${MAX_GROUP_NAME_LENGTH} are allowed.`,
    })
    .refine((name) => isStreamGroup({ groupPrefix: prefix }, name), {
      error: (iss) => `"${String(iss.input)}" is not a stream group: stream groups start with "${prefix}" (for example ${prefix}alpha).`,
    });
  const groups = z
    .array(group, {
      error: (iss) =>
        iss.input === undefined
          ? `groups is required: the directory groups that may see the stream, e.g. ${example}.`
          : `groups must be an array of group names, e.g. ${example}; got ${describeValue(iss.input)}.`,
    })
    .min(1, `groups must name at least one group, e.g. ${example}.`)
    .max(MAX_GROUPS_PER_RULE, { error: (iss) => `groups names ${lengthOf(iss.input)} groups; at most ${MAX_GROUPS_PER_RULE} are allowed.` })
    .transform((names) => [...new Set(names)]);
  return z.strictObject(
    { path, groups },
    {
      error: (iss) => {
        if (iss.code !== 'unrecognized_keys')
          return `a rule must be an object like {"path": "live/drone1", "groups": ${example}}; got ${describeValue(iss.input)}.`;
        return `unknown field${iss.keys.length > 1 ? 's' : ''} ${iss.keys.map((key) => `"${key}"`).join(', ')}; a rule has only "path" and "groups".`;
      },
    },
  );
}

// The prefix is the configured one: the schema is built again only when it changes (tests).
let schema: { prefix: string; rule: ReturnType<typeof ruleSchema> } | null = null;

/**
 * Checks a rule as an API receives it (parsed JSON of unknown shape) and returns it cleaned:
 * duplicate groups dropped, order kept. Whether the groups exist in the directory is the caller's
 * check; this one needs no I/O. Every failure is a RuleInputError naming the field.
 */
export function validateRuleInput(input: unknown, policy: Pick<RulePolicy, 'groupPrefix'>): { path: string; groups: string[] } {
  if (schema?.prefix !== policy.groupPrefix) schema = { prefix: policy.groupPrefix, rule: ruleSchema(policy.groupPrefix) };
  const parsed = schema.rule.safeParse(input);
  if (parsed.success) return parsed.data;
  const { field, message } = firstIssue(parsed.error);
  throw new RuleInputError(field, message);
}
