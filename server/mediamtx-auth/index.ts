import type { Logger } from 'pino';
import type { Config } from '../config/index.ts';
import type { Directory } from '../directory/types.ts';
import { createFailureThrottle } from '../http/failure-throttle.ts';
import { ipAllowList } from '../http/ip-allow-list.ts';
import { watchInternalUsers, type InternalUser } from '../mediamtx/internal-users/index.ts';
import type { PlaybackTokens } from '../playback/tokens.ts';
import type { RulesRepository } from '../rules/repository.ts';
import { authenticate, type AuthDecision } from './authenticate.ts';
import { createDecisionLog, type DecisionLog } from './decision-log.ts';
import type { Maybe } from './maybe.ts';
import { createAuthMetrics, type AuthMetrics } from './metrics.ts';
import { createPeopleResolver, type PeopleResolver } from './people.ts';
import type { MediamtxAuthRequest } from './request.ts';

export interface AuthService {
  /** No promise when everything the decision needs is in memory (see maybe.ts). */
  authenticate(request: MediamtxAuthRequest): Maybe<AuthDecision>;
  decisions: DecisionLog;
  metrics: AuthMetrics;
  callerAllowed: ((ip: string) => boolean) | null;
  /** The directory as the auth endpoint sees it (grace, bind cache); null without LDAP. */
  people: PeopleResolver | null;
  /** MediaMTX's internal users as currently configured. */
  internalUsers(): readonly InternalUser[];
  close(): void;
}

/** Everything behind POST /auth/mediamtx, built once at start. */
export function createAuthService(options: {
  config: Readonly<Config>;
  directory: Directory | null;
  rules: RulesRepository;
  tokens: PlaybackTokens;
  log: Logger;
}): AuthService {
  const { config, log } = options;
  const internal = config.mediamtxConfigFile
    ? watchInternalUsers(config.mediamtxConfigFile, {
        onProblems: (problems) => problems.forEach((p) => log.warn({ file: config.mediamtxConfigFile }, `MediaMTX internal users: ${p}`)),
        onError: (error) => log.error({ file: config.mediamtxConfigFile, reason: error.message }, 'MediaMTX config file'),
      })
    : null;
  const none: readonly InternalUser[] = [];
  const people = options.directory
    ? createPeopleResolver({
        directory: options.directory,
        policy: config,
        throttle: createFailureThrottle({ perUser: 5, perIp: 30, windowSeconds: 15 * 60 }),
        bindCacheMs: Math.min(config.directoryCacheTtlMs, 60_000),
        graceMs: config.directoryGraceMs,
      })
    : null;
  const deps = {
    internalUsers: () => internal?.current() ?? none,
    tokens: options.tokens,
    people,
    rules: () => options.rules.current(),
  };
  return {
    authenticate: (request) => authenticate(request, deps),
    decisions: createDecisionLog(),
    metrics: createAuthMetrics(),
    callerAllowed: config.authAllowedIps ? ipAllowList(config.authAllowedIps) : null,
    people,
    internalUsers: deps.internalUsers,
    close: () => internal?.close(),
  };
}
