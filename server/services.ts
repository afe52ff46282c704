import type { Logger } from 'pino';
import { createAuthService, type AuthService } from './mediamtx-auth/index.ts';
import type { Config } from './config/index.ts';
import { createDirectory } from './directory/index.ts';
import type { Directory } from './directory/types.ts';
import { createJwtServices, type JwtServices } from './jwt/index.ts';
import { createMediamtxApi, type MediamtxApi } from './mediamtx/api-client.ts';
import { createPolicy } from './policy/groups.ts';
import { createKeyRing } from './playback/key-ring.ts';
import { createPlaybackTokens, type PlaybackTokens } from './playback/tokens.ts';
import { createRulesRepository, type RulesRepository } from './rules/repository.ts';
import { readRulesFile } from './rules/seed-file.ts';
import { createRevocation, type Revocation } from './revocation/index.ts';
import { openStore, type Store } from './store/index.ts';
import { createUserServices, type UserServices } from './users/index.ts';
import { createOnboarding, type AccountCreator, type SetPasswordService } from './onboarding/index.ts';
import { ensureDefaultGroupsAtStart } from './users/authentik/default-groups.ts';
import { createActivityLog, type ActivityLog } from './activity/activity-log.ts';

/** Directory mode's stateful parts, built once at start and shared by every request. */
export interface DirectoryServices {
  directory: Directory | null;
  store: Store;
  rules: RulesRepository;
  tokens: PlaybackTokens;
  mediamtx: MediamtxApi;
  auth: AuthService;
  /** Live revocation: kicks running sessions whose person lost access (`revoke.sweep()` checks now). */
  revoke: Revocation;
  /** MEDIAMTX_AUTH=jwt only: the JWKS and the MediaMTX JWTs. */
  jwt: JwtServices | null;
  /** The console panels' directory reader and writer (Users, Groups, Paths). */
  users: UserServices;
  /** Creates approved people in the directory (null: read-only directory). */
  onboarding: AccountCreator | null;
  /** The overlay's own set-password links (LDAP only; Authentik sends its own). */
  setPassword: SetPasswordService | null;
  /** Who changed what (editor changes and the overlay's own), pruned in the background past ACTIVITY_RETENTION. */
  activity: ActivityLog;
  /** Start's check that the default groups exist in Authentik; runs in the background and never rejects (null: no Authentik token). */
  defaultGroups: ReturnType<typeof ensureDefaultGroupsAtStart>;
}

/** How often an instance checks whether another one changed the shared rules. */
const RULES_POLL_MS = 500;

export async function createDirectoryServices(config: Readonly<Config>, log: Logger): Promise<DirectoryServices> {
  const store = await openStore({ url: config.storeUrl, dataDir: config.dataDir });
  log.info({ store: store.description }, 'state store open');
  // The one policy: compiled once from the config, carried by every compile of the rules.
  const policy = createPolicy(config);
  const rules = await createRulesRepository({ documents: store.documents, policy, log });
  if (config.rulesFile) {
    const seed = await readRulesFile(config.rulesFile, policy);
    if (await rules.seedIfEmpty(seed, `RULES_FILE ${config.rulesFile}`)) log.info({ rules: seed.length, file: config.rulesFile }, 'seeded stream rules');
  }
  rules.startPolling(RULES_POLL_MS);
  const ring = createKeyRing({ documents: store.documents, rotationMs: config.signingKeyRotationMs });
  const directory = createDirectory(config);
  const tokens = createPlaybackTokens({ ring, ttlMs: config.playbackTokenTtlMs });
  const mediamtx = createMediamtxApi({ baseUrl: config.mediamtxApiUrl });
  const auth = createAuthService({ config, directory, rules, tokens, log });
  const revoke = createRevocation({ mediamtx, auth, rules, intervalMs: config.revocationIntervalMs, log });
  revoke.start();
  const jwt = createJwtServices({ config, documents: store.documents, rules, mediamtx });
  const users = createUserServices({ config, directory, log });
  const { creator: onboarding, setPassword } = createOnboarding({ config, directory, documents: store.documents, users, log });
  const defaultGroups = ensureDefaultGroupsAtStart(config, log);
  const activity = createActivityLog({ events: store.events, log, retentionMs: config.activityRetentionMs });
  activity.start();
  return { directory, store, rules, tokens, mediamtx, auth, revoke, jwt, users, onboarding, setPassword, activity, defaultGroups };
}

export async function closeDirectoryServices(services: DirectoryServices): Promise<void> {
  services.rules.stop();
  services.activity.stop();
  await services.revoke.stop();
  services.auth.close();
  await services.directory?.close();
  await services.store.close();
}
