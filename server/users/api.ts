/**
 * `/_overlay/api/{me,groups,users}`: what the console's injected panels read and change. Only
 * `/me` is for viewers too (see the route table); the rest is admin-only. Whatever the directory
 * holds, only stream groups (policy/groups.ts) leave this module: tak_* and every other group are
 * stripped here.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import type { Config } from '../config/index.ts';
import type { ListedGroup, Me, UsersPage } from '../contract.ts';
import { OverlayError } from '../http/errors.ts';
import { readJsonBody } from '../http/json-body.ts';
import type { OverlayEnv } from '../http/env.ts';
import { createPolicy, isAdminGroup, isStreamGroup, sameGroup, shownGroups, spelledAs } from '../policy/groups.ts';
import type { Revocation } from '../revocation/index.ts';
import { badInput, directoryCall, noListing, notFound, readOnly } from './errors.ts';
import { validateNewGroup } from './group-name.ts';
import { parseUserQuery, publicUser, queryUsers } from './query.ts';
import type { ListedUser, UserListing, UserServices } from './types.ts';

const MAX_BODY = 4 * 1024;

export interface UsersApiDeps {
  config: Pick<Readonly<Config>, 'groupPrefix' | 'adminGroups' | 'defaultGroups' | 'identity' | 'takPortalUrl'> & {
    authentik?: Readonly<Config>['authentik'];
    authentikJwt?: Pick<Readonly<Config>['authentikJwt'], 'issuer'>;
  };
  users: UserServices;
  revoke: Pick<Revocation, 'sweep'>;
  log: Logger;
  /** Admins' /me says where access requests go and how many wait (server/access-requests). */
  requestAccess?: () => Promise<{ mode: 'tak-portal' | 'overlay' | 'off'; pending: number }>;
}

export function usersApi(deps: UsersApiDeps): Hono<OverlayEnv> {
  const {
    config,
    users: { reader, writer },
    log,
  } = deps;
  const policy = createPolicy(config);
  const prefix = config.groupPrefix;
  const api = new Hono<OverlayEnv>();
  const limit = bodyLimit({
    maxSize: MAX_BODY,
    onError: () => {
      throw badInput('body', `the request body is larger than ${MAX_BODY / 1024} KB`);
    },
  });

  const passwordUrl = authentikPasswordUrl(config);

  async function listing(): Promise<UserListing> {
    if (!reader) throw noListing();
    return directoryCall(() => reader.list());
  }

  api.get('/me', async (c) => {
    const user = c.get('user');
    c.header('Cache-Control', 'no-store');
    const requestAccess = user.role === 'admin' && deps.requestAccess ? await deps.requestAccess() : undefined;
    return c.json({
      username: user.username,
      name: user.name,
      role: user.role,
      groups: shownGroups(policy, user.groups),
      // What the console needs to tell stream groups from the rest, as the server does.
      groupPrefix: policy.groupPrefix,
      adminGroups: shownGroups(policy, policy.adminGroups),
      logoutUrl: '/logout',
      mode: config.identity,
      takPortalUrl: config.takPortalUrl,
      directoryWrite: writer?.kind ?? null,
      passwordUrl,
      ...(requestAccess && { requestAccess }),
    } satisfies Me);
  });

  api.get('/groups', async (c) => {
    const { groups } = await listing();
    return c.json({ groups: groups.filter((g) => isStreamGroup(policy, g.name)).map(({ name, members }): ListedGroup => ({ name, members })) });
  });

  api.post('/groups', limit, async (c) => {
    const name = validateNewGroup(await readJsonBody(c), prefix);
    if (!writer) throw readOnly();
    const before = await listing();
    // Directories compare names without case (LDAP) or would keep confusing near-twins (Authentik).
    const twin = before.groups.find((g) => sameGroup(g.name, name));
    if (twin) throw new OverlayError(409, { title: 'Group exists', message: `A group named "${twin.name}" already exists.`, field: 'name' });
    await directoryCall(() => writer.createGroup(name, c.get('user').username));
    await reader!.invalidate();
    log.info({ actor: c.get('user').username, group: name, via: writer.kind }, 'group created');
    const created = (await listing()).groups.find((g) => g.name === name);
    return c.json({ name, members: created?.members ?? 0 } satisfies ListedGroup, 201);
  });

  api.get('/users', async (c) => {
    const query = parseUserQuery((name) => c.req.query(name));
    const { users } = await listing();
    const page = queryUsers(users, query);
    return c.json({ users: page.users.map((u) => publicUser(u, prefix)), total: page.total, page: query.page, pageSize: query.pageSize } satisfies UsersPage);
  });

  api.put('/users/:username/groups/:group', (c) => changeMembership(c, 'add'));
  api.delete('/users/:username/groups/:group', (c) => changeMembership(c, 'remove'));

  async function changeMembership(c: Context<OverlayEnv>, change: 'add' | 'remove') {
    const asked = c.req.param('group') ?? '';
    const wanted = c.req.param('username') ?? '';
    if (!isStreamGroup(policy, asked)) throw badInput('group', `only groups starting with "${prefix}" are managed here`);
    if (!writer) throw readOnly();
    const before = await listing();
    const person = findUser(before.users, wanted);
    if (!person) throw notFound('username', `"${wanted}"`);
    // Names compare without case, as in the directory; the change names the group as the directory spells it.
    const group = spelledAs(
      before.groups.map((g) => g.name),
      asked,
    );
    if (group === undefined) throw notFound('group', `"${asked}"`);
    const actor = c.get('user');
    if (change === 'remove' && person.username === actor.username && isAdminGroup(policy, group)) {
      throw new OverlayError(409, {
        title: 'That would lock you out',
        message: `You cannot remove yourself from ${group}: ask another admin.`,
        field: 'group',
      });
    }
    await directoryCall(() => (change === 'add' ? writer.addMember(person.username, group) : writer.removeMember(person.username, group)));
    // The acting admin must see the change at once, and every later request must get the new groups.
    await reader!.invalidate(person.username);
    log.info({ actor: actor.username, user: person.username, group, change, via: writer.kind }, 'group membership changed');
    if (change === 'remove') {
      // Live revocation: kick their running sessions now rather than at the next interval.
      deps.revoke.sweep().catch((error: Error) => log.warn({ reason: error.message }, 'live revocation after a membership change failed'));
    }
    const after = findUser((await listing()).users, person.username) ?? person;
    // A replica that has not caught up yet must not make the answer contradict the change just made.
    const groups = change === 'add' ? [...after.groups.filter((g) => !sameGroup(g, group)), group].sort() : after.groups.filter((g) => !sameGroup(g, group));
    return c.json(publicUser({ ...after, groups }, prefix));
  }

  return api;
}

/**
 * Where a person changes their own password: Authentik's user settings, at its public address (the
 * JWT issuer's origin when AUTHENTIK_JWT_ISSUER names it, which is the address browsers use, else
 * AUTHENTIK_URL). Without Authentik (LDAP alone) the overlay has no such page: null, and the
 * console offers none.
 */
function authentikPasswordUrl(config: UsersApiDeps['config']): string | null {
  if (!config.authentik) return null;
  const base = config.authentikJwt?.issuer ? new URL(config.authentikJwt.issuer).origin : config.authentik.url.replace(/\/+$/, '');
  return `${base}/if/user/#/settings`;
}

/** Login names compare without case in every directory we read; an exact match wins. */
function findUser(users: readonly ListedUser[], username: string): ListedUser | undefined {
  const exact = users.find((u) => u.username === username);
  if (exact) return exact;
  const lower = username.toLowerCase();
  const loose = users.filter((u) => u.username.toLowerCase() === lower);
  return loose.length === 1 ? loose[0] : undefined;
}
