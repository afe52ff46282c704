import type { Logger } from 'pino';
import type { Config } from '../config/index.ts';
import type { Directory } from '../directory/types.ts';
import type { DocumentStore } from '../store/index.ts';
import { createAuthentikClient } from '../users/authentik/client.ts';
import type { UserServices } from '../users/types.ts';
import { createAuthentikAccountCreator } from './authentik-creator.ts';
import { createLdapAccountCreator } from './ldap-creator.ts';
import { createLdapSetPassword } from './ldap-set-password.ts';
import { createPasswordLinks } from './links.ts';
import type { AccountCreator, SetPasswordService } from './types.ts';

export type { AccountCreator, NewAccount, OnboardResult, PasswordSetup, SetPasswordService } from './types.ts';
export { setPasswordRoutes } from './set-password-routes.ts';

export interface Onboarding {
  /** null: the directory is read-only here, so approved people cannot be created. */
  creator: AccountCreator | null;
  /** LDAP only: the overlay's own set-password links. Authentik sends people through its recovery flow. */
  setPassword: SetPasswordService | null;
}

/**
 * Where approved accounts are created, chosen like the console's group writer: the Authentik API
 * when AUTHENTIK_URL and AUTHENTIK_TOKEN are set, else LDAP with DIRECTORY_WRITE=ldap, else nowhere.
 */
export function createOnboarding(options: {
  config: Readonly<Config>;
  directory: Directory | null;
  documents: DocumentStore;
  users: UserServices;
  log: Logger;
  /** The set-password links' clock (tests). */
  now?: () => number;
}): Onboarding {
  const { config, directory, users, log } = options;
  const common = { groupPrefix: config.groupPrefix, reader: users.reader, log };
  if (config.directoryWrite === 'authentik' && config.authentik?.token) {
    const client = createAuthentikClient({ url: config.authentik.url, token: config.authentik.token });
    log.info('onboarding: approved accounts are created in Authentik, which makes their set-password links');
    return { creator: createAuthentikAccountCreator({ client, ...common }), setPassword: null };
  }
  if (config.directoryWrite === 'ldap' && config.ldap && directory && users.writer) {
    const links = createPasswordLinks({ documents: options.documents, now: options.now });
    const settings = config.ldap;
    log.info({ userBase: settings.userBase }, 'onboarding: approved accounts are created in LDAP with overlay set-password links');
    return {
      creator: createLdapAccountCreator({ settings, directory, writer: users.writer, links, ...common }),
      setPassword: createLdapSetPassword({ settings, directory, links, log }),
    };
  }
  return { creator: null, setPassword: null };
}
