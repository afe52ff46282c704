/** What both account creators check and say the same way. */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DirectoryUnavailableError } from '../directory/types.ts';
import { OverlayError } from '../http/errors.ts';
import { isStreamGroup, shownGroups } from '../policy/groups.ts';
import { badInput } from '../users/errors.ts';
import type { NewAccount, PasswordSetup } from './types.ts';

/** Safe in an LDAP RDN, in Authentik and in a URL; the request form allows a narrower set. */
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The account trimmed and its groups de-duplicated, or a 400 naming the field. */
export function checkNewAccount(account: NewAccount, groupPrefix: string): NewAccount {
  const username = String(account?.username ?? '').trim();
  const name = String(account?.name ?? '').trim();
  const email = String(account?.email ?? '').trim();
  if (!USERNAME.test(username)) throw badInput('username', 'must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit');
  if (name === '' || name.length > 100 || CONTROL.test(name)) throw badInput('name', 'must be 1 to 100 characters, without control characters');
  if (email.length > 254 || !EMAIL.test(email)) throw badInput('email', 'must be an email address such as someone@example.org');
  if (!Array.isArray(account.groups)) throw badInput('groups', 'must be a list of group names');
  const names = account.groups.map((g) => String(g));
  const foreign = names.find((g) => !isStreamGroup({ groupPrefix }, g));
  if (foreign !== undefined) throw badInput('groups', `only groups starting with "${groupPrefix}" can be given here, not "${foreign}"`);
  return { username, name, email, groups: shownGroups({ groupPrefix }, names) };
}

/** The origin links are built on, e.g. https://stream.example.org (any path dropped). */
export function linkOrigin(origin: string): string {
  const url = URL.canParse(origin) ? new URL(origin) : null;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw new TypeError(`origin must be an http(s) URL, got ${JSON.stringify(origin)}`);
  return url.origin;
}

export function sameEmail(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * An account with this name exists but is not the one asked for (its email differs): reusing it
 * would hand the requester a password link for someone else's account.
 */
export function usernameTaken(username: string): OverlayError {
  return new OverlayError(409, {
    title: 'Username taken',
    message: `"${username}" already belongs to another account in the directory (with a different email). Deny this request, or ask the person for another username.`,
    field: 'username',
  });
}

export function unknownGroup(group: string): OverlayError {
  return badInput('groups', `"${group}" is not in the directory; create the group first or choose another`);
}

/**
 * Runs a step that comes after the account exists. A failure says so, and that approving again
 * finishes the rest: the account is reused, memberships already there are fine.
 */
export async function afterCreation<T>(username: string, step: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (error) {
    const partly = (cause: string) => `The account "${username}" exists, but ${step} failed: ${cause} Approving again finishes the rest.`;
    if (error instanceof OverlayError) {
      throw new OverlayError(error.status as ContentfulStatusCode, { ...error.details, message: partly(error.details.message) });
    }
    if (error instanceof DirectoryUnavailableError) {
      throw new OverlayError(503, {
        title: 'Directory unavailable',
        message: partly('the directory cannot be reached right now.'),
        log: error.message,
        retryAfterSeconds: 30,
      });
    }
    throw error;
  }
}

export function linkSetup(url: string, expiresAt: number): PasswordSetup {
  return { kind: 'link', url, expiresAt: new Date(expiresAt).toISOString(), emailed: false };
}
