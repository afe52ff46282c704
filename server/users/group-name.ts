import { z } from 'zod';
import { firstIssue } from '../http/input-issues.ts';
import { badInput } from './errors.ts';

/**
 * A new group's name: the prefix, then 1 to 64 letters, digits, spaces, `_`, `.` or `-`, not
 * starting or ending with a space. Narrower than what directories allow (existing groups such as
 * `vid_ops; night` still work everywhere): these names are safe in an LDAP DN, in Authentik, in the
 * pipe-separated forward-auth header and in a URL path segment without surprises.
 */
const SUFFIX = /^[A-Za-z0-9_.-](?:[A-Za-z0-9_. -]{0,62}[A-Za-z0-9_.-])?$/;

function groupNameRule(prefix: string): string {
  return `must be "${prefix}" followed by 1 to 64 letters, digits, spaces, "_", "." or "-" (no space first or last), e.g. ${prefix}ops-night`;
}

function newGroupSchema(prefix: string) {
  const rule = groupNameRule(prefix);
  return z.strictObject(
    { name: z.string({ error: rule }).refine((name) => name.startsWith(prefix) && SUFFIX.test(name.slice(prefix.length)), rule) },
    { error: (iss) => (iss.code === 'unrecognized_keys' ? 'unknown field; only "name" is accepted' : 'send a JSON object: {"name": "..."}') },
  );
}

/** The `name` of a POST /groups body, or a 400 naming the field. */
export function validateNewGroup(body: unknown, prefix: string): string {
  const parsed = newGroupSchema(prefix).safeParse(body);
  if (parsed.success) return parsed.data.name;
  const { field, message } = firstIssue(parsed.error);
  throw badInput(field, message);
}
