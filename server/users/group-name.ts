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

/** The `name` of a POST /groups body, or a 400 naming the field. */
export function validateNewGroup(body: unknown, prefix: string): string {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badInput('body', 'send a JSON object: {"name": "..."}');
  const extra = Object.keys(body).filter((k) => k !== 'name');
  if (extra.length) throw badInput(extra[0]!, 'unknown field; only "name" is accepted');
  const { name } = body as { name?: unknown };
  if (typeof name !== 'string' || !name.startsWith(prefix) || !SUFFIX.test(name.slice(prefix.length))) {
    throw badInput('name', groupNameRule(prefix));
  }
  return name;
}
