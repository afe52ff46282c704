/**
 * Approved accounts created through the Authentik API: the user (no password: Authentik's create
 * takes none), its groups by add_user only (never the replace-all user PATCH), then Authentik's
 * own recovery link — emailed by Authentik when it has a password-reset email stage, otherwise
 * handed to the admin once. A retry reuses the user, skips memberships already there, and makes a
 * new link, which replaces the old one (Authentik keeps one recovery token per user).
 */
import type { Logger } from 'pino';
import { DEFAULT_CALL_TIMEOUT_MS } from '../users/authentik/api-calls.ts';
import type { AuthentikClient, AuthentikEmailStage, AuthentikGroup, AuthentikUser } from '../users/authentik/client.ts';
import type { UserReader } from '../users/types.ts';
import { afterCreation, checkNewAccount, linkSetup, sameEmail, unknownGroup, usernameTaken } from './new-account.ts';
import type { AccountCreator, PasswordSetup } from './types.ts';

/** As long as the overlay's own links last; in Authentik's duration syntax. */
const LINK_HOURS = 24;
const TOKEN_DURATION = `hours=${LINK_HOURS}`;
/** The template Authentik's recovery email stages use; other email stages (enrollment, MFA) would send the wrong mail. */
const RESET_TEMPLATE = 'email/password_reset.html';
/** The stage the console's "enable password recovery" makes; preferred when there are several. */
const OUR_STAGE = 'vid-recovery-email';
/** Calls besides the two per group (its lookup, its add_user): the user's lookup and creation, the email stages (one page), the link or email. */
const CALLS_BESIDES_GROUPS = 4;

export interface AuthentikCreatorOptions {
  client: AuthentikClient;
  groupPrefix: string;
  /** The console's people listing, refreshed so the new person shows at once. */
  reader?: UserReader | null;
  log: Logger;
  now?: () => number;
  /** The client's timeout per call (the default is the client's default). */
  callTimeoutMs?: number;
}

export function createAuthentikAccountCreator(options: AuthentikCreatorOptions): AccountCreator {
  const { client, log } = options;
  const now = options.now ?? Date.now;

  async function passwordSetup(user: AuthentikUser): Promise<PasswordSetup> {
    const stage = recoveryEmailStage(await client.listEmailStages());
    if (stage) {
      await client.sendRecoveryEmail(user.pk, stage.pk, TOKEN_DURATION);
      return { kind: 'emailed', by: 'authentik' };
    }
    const link = await client.recoveryLink(user.pk, TOKEN_DURATION);
    return linkSetup(link, now() + LINK_HOURS * 3_600_000);
  }

  return {
    kind: 'authentik',
    worstCaseMs: (groupCount) => (2 * groupCount + CALLS_BESIDES_GROUPS) * (options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS),
    async createAccount(input, actingAdmin) {
      const account = checkNewAccount(input, options.groupPrefix);
      const { username } = account;
      // Every group is checked before anything is created, so a typo leaves no half-made account.
      const found = await Promise.all(account.groups.map((name) => client.findGroup(name)));
      const missing = account.groups.find((_, i) => !found[i]);
      if (missing !== undefined) throw unknownGroup(missing);
      const groups = found as AuthentikGroup[];
      const existing = await client.findUser(username);
      if (existing && !sameEmail(existing.email, account.email)) throw usernameTaken(username);
      const user = existing ?? (await client.createUser(account));
      for (const group of groups) {
        if (user.groupNames.includes(group.name)) continue;
        await afterCreation(username, `adding it to ${group.name}`, () => client.addUser(group.pk, user.pk));
      }
      const setup = await afterCreation(username, 'making its set-password link', () => passwordSetup(user));
      await options.reader?.invalidate(username).catch(() => {});
      log.info(
        { actor: actingAdmin, user: username, groups: account.groups, created: !existing, passwordSetup: setup.kind },
        existing ? 'existing Authentik account completed' : 'account created in Authentik',
      );
      return { created: !existing, passwordSetup: setup };
    },
  };
}

function recoveryEmailStage(stages: readonly AuthentikEmailStage[]): AuthentikEmailStage | undefined {
  const resets = stages.filter((s) => s.template === RESET_TEMPLATE);
  return resets.find((s) => s.name === OUR_STAGE) ?? resets[0];
}
