import type { MiddlewareHandler } from 'hono';
import { DirectoryUnavailableError, type Directory } from '../directory/types.ts';
import { directoryDown, OverlayError } from '../http/errors.ts';
import type { OverlayEnv } from '../http/env.ts';
import { activeGroups, createPolicy, relevantGroups, roleOf, type Policy, type PolicySettings } from '../policy/groups.ts';
import { EMPTY_DIRECTORY_MANAGED_LISTS } from './neutral-answers.ts';
import { routeAccess } from './route-table.ts';

/**
 * Turns the identity into a signed-in user with stream groups and a role, both the policy's
 * answers. With a directory the groups come from it (the source of truth); otherwise from the
 * forward-auth header.
 */
export function resolveUser(options: { directory: Directory | null; policy: PolicySettings | Policy }): MiddlewareHandler<OverlayEnv> {
  const policy = createPolicy(options.policy);
  return async function resolveSignedInUser(c, next) {
    const identity = c.get('identity');
    let groups: string[];
    let name = identity.username;
    if (options.directory) {
      let entry;
      try {
        entry = await options.directory.findUser(identity.username);
      } catch (error) {
        if (error instanceof DirectoryUnavailableError) throw directoryDown(error);
        throw error;
      }
      groups = entry ? activeGroups(policy, entry) : [];
      name = entry?.name || name;
    } else {
      groups = relevantGroups(policy, identity.headerGroups ?? []);
    }
    c.set('user', { username: identity.username, name, groups, role: roleOf(policy, groups) });
    await next();
  };
}

/** Applies the route table to the signed-in user's role before anything reaches the editor. */
export function enforceRouteAccess(options: { requestAccessUrl: string; logoutPath: string }): MiddlewareHandler<OverlayEnv> {
  return async function enforceRoleOnRoute(c, next) {
    const path = c.get('path');
    const { access } = routeAccess(c.req.method, path);
    const user = c.get('user');
    if (access === 'directory-managed') {
      const empty = c.req.method === 'GET' && user.role !== 'none' ? EMPTY_DIRECTORY_MANAGED_LISTS.get(path) : undefined;
      if (empty) {
        c.header('Cache-Control', 'no-store');
        return c.json(empty);
      }
      throw new OverlayError(404, {
        title: 'Managed by the directory',
        message: 'Accounts, passwords and sign-up are managed in the directory, not in this editor.',
        links: [{ href: '/', text: 'Back to streams' }],
      });
    }
    if (user.role === 'none') {
      throw new OverlayError(403, {
        title: 'No stream access',
        message: `You are signed in as ${user.username}, but you are not in any stream group yet. Ask for access and an administrator will add you.`,
        links: [
          { href: options.requestAccessUrl, text: 'Request access' },
          { href: options.logoutPath, text: 'Sign out' },
        ],
        log: `user ${user.username} has no stream group`,
      });
    }
    if (access === 'admin' && user.role !== 'admin') {
      throw new OverlayError(403, {
        title: 'Admins only',
        message: 'This part of the console is for stream administrators.',
        links: [{ href: '/', text: 'Back to streams' }],
        log: `viewer ${user.username} refused ${c.req.method} ${path}`,
      });
    }
    await next();
  };
}
