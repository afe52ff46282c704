import type { Logger } from 'pino';
import type { Config } from '../config/index.ts';
import type { Directory } from '../directory/types.ts';
import { createAuthentikClient } from './authentik/client.ts';
import { createAuthentikReader } from './authentik/reader.ts';
import { canList, createLdapReader } from './ldap-reader.ts';
import type { DirectoryWriter, UserServices } from './types.ts';
import { createAuthentikWriter } from './writers/authentik.ts';
import { createLdapWriter } from './writers/ldap.ts';

export type { DirectoryWriter, UserReader, UserServices } from './types.ts';

/**
 * Who the console's panels read people from and write group changes to. Reading: LDAP when
 * LDAP_URL is set (the source of truth for groups everywhere else too), else the Authentik API.
 * Writing: the Authentik API when AUTHENTIK_URL and AUTHENTIK_TOKEN are set — also next to LDAP,
 * because Authentik's outpost is read-only — else LDAP itself with DIRECTORY_WRITE=ldap, else nobody.
 */
export function createUserServices(options: { config: Readonly<Config>; directory: Directory | null; log: Logger }): UserServices {
  const { config, directory, log } = options;
  const authentik = config.authentik?.token ? createAuthentikClient({ url: config.authentik.url, token: config.authentik.token }) : null;
  const reader = canList(directory)
    ? createLdapReader(directory)
    : authentik
      ? createAuthentikReader({ client: authentik, groupPrefix: config.groupPrefix, adminGroups: config.adminGroups, cacheTtlMs: config.directoryCacheTtlMs })
      : null;
  let writer: DirectoryWriter | null = null;
  if (config.directoryWrite === 'authentik' && authentik) writer = createAuthentikWriter(authentik);
  else if (config.directoryWrite === 'ldap' && config.ldap && directory) writer = createLdapWriter({ settings: config.ldap, directory });
  log.info(
    { read: reader?.source ?? null, write: writer?.kind ?? null },
    writer
      ? `console panels: people read from ${reader?.source ?? 'nowhere'}, group changes written through ${writer.kind}`
      : 'console panels: directory is read-only',
  );
  return { reader, writer };
}
