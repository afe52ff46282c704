/**
 * People without an account ask for one (the open /request-access form); admins approve or deny
 * in the console (/_overlay/api/access-requests), and approving creates the account through the
 * AccountCreator. With TAK_PORTAL_URL set, TAK Portal's own queue is used instead.
 */
import type { Hono } from 'hono';
import type { Logger } from 'pino';
import type { Config } from '../config/index.ts';
import type { Directory } from '../directory/types.ts';
import type { OverlayEnv } from '../http/env.ts';
import type { DocumentStore } from '../store/index.ts';
import type { Revocation } from '../revocation/index.ts';
import type { DirectoryWriter, UserReader } from '../users/types.ts';
import type { AccountCreator } from '../onboarding/types.ts';
import { accessRequestsApi } from './admin-api.ts';
import { takenInDirectory } from './directory-check.ts';
import { createAdminNotifier } from './notify.ts';
import { requestAccessRoutes, type RequestAccessMode } from './public-routes.ts';
import { createAccessRequestRepository, type AccessRequestRepository } from './repository.ts';

export type { RequestAccessMode } from './public-routes.ts';
export { REQUEST_ACCESS_PATH } from './pages.ts';

export interface AccessRequestsOptions {
  config: Pick<Readonly<Config>, 'takPortalUrl' | 'groupPrefix' | 'proxySecret' | 'trustedProxies' | 'smtp' | 'adminEmails'>;
  documents: DocumentStore;
  reader: UserReader | null;
  directory: Directory | null;
  /** Asked on every use: null while the directory is read-only for the overlay. */
  accountCreator(): AccountCreator | null;
  /** Takes back the groups of a half-way approval when it is denied; asked on every use, like accountCreator. */
  writer(): DirectoryWriter | null;
  /** Live revocation, swept after a deny took groups back. */
  revoke: Pick<Revocation, 'sweep'> | null;
  log: Logger;
  /** Form posts per client address and window (default 10 an hour). */
  rateLimit?: { posts: number; windowSeconds: number };
}

export interface AccessRequests {
  /** GET/POST /request-access: mount before the identity middleware (nobody is signed in here). */
  publicRoutes: Hono<OverlayEnv>;
  /** /access-requests…: mount under /_overlay/api, behind identity and the route table (admins only). */
  adminApi: Hono<OverlayEnv>;
  /** For /_overlay/api/me: where requests go, and how many wait for an admin. */
  summary(): Promise<{ mode: RequestAccessMode; pending: number }>;
  repo: AccessRequestRepository;
}

export function createAccessRequests(options: AccessRequestsOptions): AccessRequests {
  const { config, reader, directory, log } = options;
  const repo = createAccessRequestRepository({ documents: options.documents });
  const notifier = createAdminNotifier({ smtp: config.smtp, adminEmails: config.adminEmails, log });
  const mode = (): RequestAccessMode => (config.takPortalUrl ? 'tak-portal' : options.accountCreator() && reader ? 'overlay' : 'off');
  const publicRoutes = requestAccessRoutes({
    mode,
    takPortalUrl: config.takPortalUrl,
    repo,
    takenInDirectory: (username, email) => takenInDirectory({ reader, directory }, username, email),
    notifier,
    proxySecret: config.proxySecret,
    trustedProxies: config.trustedProxies,
    log,
    rateLimit: options.rateLimit,
  });
  const adminApi = accessRequestsApi({
    repo,
    mode,
    accountCreator: options.accountCreator,
    reader,
    directory,
    groupPrefix: config.groupPrefix,
    proxySecret: config.proxySecret,
    log,
    writer: options.writer,
    revoke: options.revoke,
  });
  return {
    publicRoutes,
    adminApi,
    async summary() {
      return { mode: mode(), pending: await repo.openCount() };
    },
    repo,
  };
}
