/**
 * `/_overlay/api/paths` and `/_overlay/api/paths/viewers`: every path an admin cares about, who
 * may see it and how many people that is. "Viewers" are active directory users who are not
 * admins and hold a group the path's access names: admins see every path, so counting them would
 * add the same number to every row and hide what the rules actually do.
 */
import { Hono } from 'hono';
import type { PathAccess, PathInfo, Viewers } from '../contract.ts';
import { OverlayError } from '../http/errors.ts';
import type { OverlayEnv } from '../http/env.ts';
import { MediamtxApiError, type MediamtxApi } from '../mediamtx/api-client.ts';
import { roleOf } from '../policy/groups.ts';
import { grants } from '../policy/may.ts';
import type { CompiledRules } from './compile.ts';
import { effectiveAccess } from './evaluate.ts';
import type { Access } from './types.ts';
import { badInput, directoryCall, noListing } from '../users/errors.ts';
import type { ListedUser, UserReader } from '../users/types.ts';

export interface PathsApiDeps {
  rules: () => CompiledRules;
  mediamtx: Pick<MediamtxApi, 'configuredPaths' | 'activePaths'>;
  reader: UserReader | null;
}

const isPattern = (selector: string) => selector.startsWith('~') || selector.includes('*');

const answer = (access: Access): PathAccess => ({ groups: [...access.groups], rule: access.rule?.path ?? null, via: access.via });

export function pathsApi(deps: PathsApiDeps): Hono<OverlayEnv> {
  const api = new Hono<OverlayEnv>();

  /** Who can see what a pattern rule covers is the rule itself; for a concrete path, whatever decides it. */
  function accessOf(rules: CompiledRules, path: string): Access {
    const named = (p: { access: Access }) => p.access.rule?.path === path;
    const pattern = isPattern(path) ? (rules.globs.find(named) ?? rules.regexes.find(named)) : undefined;
    return pattern?.access ?? effectiveAccess(rules, path);
  }

  /** Active non-admin users; null when no directory can be listed. */
  async function viewerPool(rules: CompiledRules): Promise<ListedUser[] | null> {
    if (!deps.reader) return null;
    const { users } = await directoryCall(() => deps.reader!.list());
    return users.filter((u) => u.active && roleOf(rules.policy, u.groups) !== 'admin');
  }

  /** The policy's answer for someone who is no admin (policy/may.ts). */
  const canSee = (rules: CompiledRules, user: ListedUser, access: Access) => grants(rules, access, user.groups);

  api.get('/paths', async (c) => {
    const rules = deps.rules();
    const [configured, active, pool] = await Promise.all([
      fromMediamtx(() => deps.mediamtx.configuredPaths()),
      fromMediamtx(() => deps.mediamtx.activePaths()),
      viewerPool(rules),
    ]);
    const configuredSet = new Set(configured);
    const activeSet = new Set(active);
    // Rules the compiler skipped (an old store's broken selector) decide nothing, so they are not listed.
    const skipped = new Set(rules.invalid.map((s) => s.rule));
    const selectors = rules.rules.filter((r) => !skipped.has(r)).map((r) => r.path);
    const names = [...new Set([...configured, ...active, ...selectors])].sort();
    const paths = names.map((path): PathInfo => {
      const access = accessOf(rules, path);
      return {
        path,
        configured: configuredSet.has(path),
        active: activeSet.has(path),
        access: answer(access),
        viewers: pool ? pool.filter((u) => canSee(rules, u, access)).length : null,
      };
    });
    return c.json({ paths });
  });

  api.get('/paths/viewers', async (c) => {
    const path = c.req.query('path');
    if (!path) throw badInput('path', 'name the stream: /_overlay/api/paths/viewers?path=live/cam1');
    const rules = deps.rules();
    const access = accessOf(rules, path);
    const pool = await viewerPool(rules);
    if (!pool) throw noListing();
    const users = pool.filter((u) => canSee(rules, u, access)).map((u) => ({ username: u.username, name: u.name }));
    return c.json({ path, users } satisfies Viewers);
  });

  return api;
}

async function fromMediamtx(op: () => Promise<string[]>): Promise<string[]> {
  try {
    return await op();
  } catch (error) {
    if (!(error instanceof MediamtxApiError)) throw error;
    throw new OverlayError(502, {
      title: 'MediaMTX is not answering',
      message: 'The MediaMTX API could not list its paths. Check that MediaMTX is running and MEDIAMTX_API_URL points at its API.',
      log: error.message,
    });
  }
}
