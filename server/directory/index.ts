import type { Config } from '../config/index.ts';
import { createLdapDirectory } from './ldap.ts';
import type { Directory } from './types.ts';

/** The directory the configuration names, or null when groups come from forward-auth headers only. */
export function createDirectory(config: Readonly<Config>): Directory | null {
  if (!config.ldap) return null;
  return createLdapDirectory({
    ...config.ldap,
    groupPrefix: config.groupPrefix,
    adminGroups: config.adminGroups,
    cacheTtlMs: config.directoryCacheTtlMs,
  });
}
