/**
 * MediaMTX's matchesPermission: a request is allowed by any permission with its action; for
 * publish/read/playback the permission's path must also match, for api/metrics/pprof it is ignored.
 * Paths: `""` = any, `~<re>` = Go RE2 (re2js: the same syntax, unanchored search), otherwise exact.
 * A regex that does not compile matches nothing, silently in MediaMTX; here it is also reported.
 */
import { RE2JS } from 're2js';
import type { AuthAction, CompiledPermission } from './types.ts';

const PATH_ACTIONS: ReadonlySet<string> = new Set<AuthAction>(['publish', 'read', 'playback']);

export function compilePermission(action: AuthAction, path: string): { permission: CompiledPermission; warning?: string } {
  if (!PATH_ACTIONS.has(action) || path === '') return { permission: { action, path, matchesPath: () => true } };
  if (!path.startsWith('~')) return { permission: { action, path, matchesPath: (candidate) => candidate === path } };
  try {
    const regex = RE2JS.compile(path.slice(1));
    return { permission: { action, path, matchesPath: (candidate) => regex.test(candidate) } };
  } catch (error) {
    return {
      permission: { action, path, matchesPath: () => false },
      warning: `is not a valid RE2 regular expression (${(error as Error).message}); it matches no path, as in MediaMTX`,
    };
  }
}

export function matchesPermission(permissions: readonly CompiledPermission[], action: string, path: string): boolean {
  for (const permission of permissions) {
    if (permission.action !== action) continue;
    if (!PATH_ACTIONS.has(action)) return true;
    if (permission.matchesPath(path)) return true;
  }
  return false;
}
