import { describeAuthentikJwt } from '../config/authentik-jwt.ts';
import { checkDefaultGroups } from '../users/authentik/default-groups.ts';
import { groupsToFind, judgeGroups } from './groups.ts';
import { fail, fetchFrom, forwardAuthHeadersUnused, pass } from './results.ts';
import type { Check, CheckResult } from './types.ts';

interface SessionUser {
  user?: { username?: unknown; is_superuser?: unknown };
}

const SUPERUSER_TOKEN =
  'Set AUTHENTIK_TOKEN to an API token (intent "API") of a superuser, e.g. a member of "authentik Admins" (Admin interface: Directory → Tokens and App passwords).';

const authentikToken: Check = {
  id: 'authentik-token',
  title: 'Authentik token may manage users and groups',
  skipWhen(config) {
    if (config.mode === 'vanilla') return 'vanilla mode: no directory';
    if (!config.authentik) return 'AUTHENTIK_URL is not set';
    return config.authentik.token ? null : 'AUTHENTIK_TOKEN is not set: the console does not write through Authentik';
  },
  fix: 'Check AUTHENTIK_URL, and that Authentik runs and is reachable from here.',
  async run(ctx): Promise<CheckResult> {
    const { config } = ctx;
    const { url: base, token } = config.authentik!;
    const url = `${base}/api/v3/core/users/me/`;
    const response = await fetchFrom(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, signal: ctx.signal });
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      return fail(`Authentik refused the token (${response.status})`, SUPERUSER_TOKEN);
    }
    if (!response.ok) {
      await response.body?.cancel();
      return fail(`${url} answered ${response.status}`, this.fix);
    }
    const { user } = (await response.json()) as SessionUser;
    const owner = typeof user?.username === 'string' ? user.username : 'an unnamed user';
    // Authentik cannot show a non-superuser's add/remove-member rights without a write; closed: fail.
    if (user?.is_superuser !== true)
      return fail(`the token belongs to ${owner}, who is not a superuser: its right to change group members cannot be confirmed`, SUPERUSER_TOKEN);
    return pass(`the token belongs to ${owner}, a superuser`);
  },
};

const authentikGroupsExist: Check = {
  id: 'authentik-groups',
  title: 'Stream groups exist in Authentik',
  requires: 'authentik-token',
  skipWhen: (config) => (config.ldap ? 'LDAP_URL is set: groups are read from LDAP (checked above)' : null),
  fix: 'Check that the token may view groups.',
  async run(ctx) {
    const { config } = ctx;
    const { present } = await checkDefaultGroups(ctx.authentik(), groupsToFind(config));
    return judgeGroups(present, config, 'Authentik');
  },
};

const CLIENT_SECRET_FIX =
  "Set AUTHENTIK_CLIENT_SECRET to the proxy provider's client secret (Authentik hands it to outposts: GET /api/v3/outposts/proxy/ with the outpost's token), or give the provider a signing key.";

/** Which AUTHENTIK_JWT mode is active, and whether the keys it needs can be read from here. */
const authentikJwt: Check = {
  id: 'authentik-jwt',
  title: 'Forward auth verifies X-Authentik-Jwt',
  skipWhen(config) {
    const unused = forwardAuthHeadersUnused(config);
    if (unused) return unused;
    return config.authentikJwt.mode === 'off' || !config.authentikJwt.key ? describeAuthentikJwt(config.authentikJwt) : null;
  },
  fix: 'Check AUTHENTIK_URL and AUTHENTIK_APP_SLUG, and that Authentik runs and is reachable from here.',
  async run(ctx): Promise<CheckResult> {
    const settings = ctx.config.authentikJwt;
    const what = describeAuthentikJwt(settings);
    // A client secret needs nothing reachable; whether it is the right one shows only on a real token.
    if (settings.key?.kind !== 'jwks') return pass(what);
    const { url } = settings.key;
    const response = await fetchFrom(url, { headers: { accept: 'application/json' }, signal: ctx.signal });
    if (!response.ok) {
      await response.body?.cancel();
      return fail(`${url} answered ${response.status}: every request that carries X-Authentik-Jwt is refused`, this.fix);
    }
    const body = (await response.json().catch(() => null)) as { keys?: unknown } | null;
    const keys = Array.isArray(body?.keys)
      ? body.keys.filter((k: { kty?: unknown; use?: unknown }) => (k?.kty === 'RSA' || k?.kty === 'EC') && (k.use ?? 'sig') === 'sig')
      : [];
    if (keys.length === 0) {
      return fail(
        `${url} publishes no signing key (Authentik's proxy providers sign with HS256 and their client secret): every request that carries X-Authentik-Jwt is refused`,
        CLIENT_SECRET_FIX,
      );
    }
    return pass(`${what}; ${keys.length} signing key${keys.length === 1 ? '' : 's'} published`);
  },
};

export const AUTHENTIK_CHECKS: readonly Check[] = [authentikToken, authentikGroupsExist, authentikJwt];
