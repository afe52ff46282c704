/**
 * The stream groups every install starts with, made sure of in Authentik at start: `<prefix>public`
 * and `<prefix>private` (what the console's "Private only" switch and the stock DEFAULT_GROUPS
 * name), any other DEFAULT_GROUPS, and the ADMIN_GROUPS that carry GROUP_PREFIX. Admin groups
 * without it (`authentik Admins`) are Authentik's own and never created here.
 */
import type { Logger } from 'pino';
import type { Config } from '../../config/index.ts';
import { OverlayError } from '../../http/errors.ts';
import { isStreamGroup, shownGroups } from '../../policy/groups.ts';
import { createAuthentikClient, type AuthentikClient } from './client.ts';

export type DefaultGroupsPolicy = Pick<Config, 'groupPrefix' | 'adminGroups' | 'defaultGroups'>;

export function defaultGroupNames(policy: DefaultGroupsPolicy): string[] {
  const prefix = policy.groupPrefix;
  return shownGroups(policy, [`${prefix}public`, `${prefix}private`, ...policy.defaultGroups, ...policy.adminGroups.filter((g) => isStreamGroup(policy, g))]);
}

export interface DefaultGroupsCheck {
  present: string[];
  missing: string[];
}

/** Which of `names` Authentik has (for the doctor too); throws OverlayError when Authentik cannot be asked. */
export async function checkDefaultGroups(client: Pick<AuthentikClient, 'findGroup'>, names: readonly string[]): Promise<DefaultGroupsCheck> {
  const found = await Promise.all(names.map(async (name) => (await client.findGroup(name)) !== null));
  return { present: names.filter((_, i) => found[i]), missing: names.filter((_, i) => !found[i]) };
}

/**
 * Creates the missing ones, one by one; idempotent. Another instance starting at the same moment
 * may create a group between the look-up and the create: a create that fails for a group that
 * now exists counts as present.
 */
export async function ensureDefaultGroups(
  client: Pick<AuthentikClient, 'findGroup' | 'createGroup'>,
  names: readonly string[],
): Promise<DefaultGroupsCheck & { created: string[] }> {
  const { present, missing } = await checkDefaultGroups(client, names);
  const created: string[] = [];
  for (const name of missing) {
    try {
      await client.createGroup(name);
      created.push(name);
    } catch (error) {
      if ((await client.findGroup(name)) === null) throw error;
      present.push(name);
    }
  }
  return { present, missing: [], created };
}

/**
 * What start runs with AUTHENTIK_URL and AUTHENTIK_TOKEN set. Never rejects: Authentik being down
 * must not stop the overlay, so a failure is a warning and the next start tries again.
 * Resolves to null when Authentik is not configured (or to the failure's message).
 */
export async function ensureDefaultGroupsAtStart(
  config: Pick<Config, 'authentik'> & DefaultGroupsPolicy,
  log: Logger,
): Promise<{ created: string[] } | { failed: string } | null> {
  if (!config.authentik?.token) return null;
  const names = defaultGroupNames(config);
  try {
    const client = createAuthentikClient({ url: config.authentik.url, token: config.authentik.token });
    const { created } = await ensureDefaultGroups(client, names);
    if (created.length) log.info({ created, groups: names }, `created default groups in Authentik: ${created.join(', ')}`);
    else log.info({ groups: names }, 'default groups present in Authentik');
    return { created };
  } catch (error) {
    const reason = error instanceof OverlayError ? (error.details.log ?? error.message) : (error as Error).message;
    log.warn({ groups: names, reason }, 'could not make sure the default groups exist in Authentik; starting anyway, the next start tries again');
    return { failed: (error as Error).message };
  }
}
