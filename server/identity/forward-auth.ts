import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import { describeAuthentikJwt, type AuthentikJwtSettings } from '../config/authentik-jwt.ts';
import { OverlayError } from '../http/errors.ts';
import type { OverlayEnv } from '../http/env.ts';
import {
  AuthentikJwtInvalid,
  AuthentikJwtKeysUnavailable,
  createAuthentikJwtVerifier,
  type AuthentikJwtVerifier,
  type AuthentikJwtVerifierOptions,
} from './authentik-jwt.ts';
import { parseGroupsHeader } from './groups-header.ts';
import { clientIp, PROXY_SECRET_HEADER, secretMatches } from './proxy-secret.ts';
import { repeatedIdentityHeader } from './repeated-header.ts';

export interface ForwardAuthOptions {
  secret: string;
  log: Logger;
  /** How X-Authentik-Jwt is checked (config.authentikJwt). */
  jwt: AuthentikJwtSettings;
  /** Passed to the JWT verifier (tests shorten the JWKS cooldown). */
  jwtVerifierOptions?: AuthentikJwtVerifierOptions;
}

const SIGN_IN_AGAIN = { title: 'Sign-in required', message: 'Your sign-in could not be confirmed. Sign in again.' };

/**
 * Identity from Authentik forward auth. The X-Authentik-* headers are believed only when the
 * request also carries the secret that the reverse proxy adds, and, as AUTHENTIK_JWT says, when
 * the outpost's signed X-Authentik-Jwt names the same user and groups; anything else never
 * reaches the editor as anyone.
 */
export function forwardAuthIdentity(options: ForwardAuthOptions): MiddlewareHandler<OverlayEnv> {
  if (options.secret.length < 16) throw new Error('forward auth needs a PROXY_SECRET of at least 16 characters');
  const { log, jwt } = options;
  const verifier = jwt.mode !== 'off' && jwt.key ? createAuthentikJwtVerifier({ ...jwt, key: jwt.key }, options.jwtVerifierOptions) : null;
  // Info, not a warning: without a key the default verifies nothing, as before this check existed.
  log.info({ authentikJwt: jwt.mode, verified: verifier !== null }, describeAuthentikJwt(jwt));

  return async function forwardAuth(c, next) {
    const repeated = repeatedIdentityHeader(c);
    if (repeated) {
      log.warn({ ip: clientIp(c, null), path: c.req.path, header: repeated }, 'refused a request that carries an identity header twice');
      throw new OverlayError(400, { title: 'Bad request', message: `The request carries the ${repeated} header more than once.` });
    }
    const fromProxy = secretMatches(c.req.header(PROXY_SECRET_HEADER), options.secret);
    const username = c.req.header('x-authentik-username')?.trim();
    if (!fromProxy) {
      const claimed = Object.keys(c.req.header()).some((h) => h.toLowerCase().startsWith('x-authentik-'));
      if (claimed) {
        log.warn(
          { ip: clientIp(c, null), path: c.req.path, claimedUser: username ?? null, secret: c.req.header(PROXY_SECRET_HEADER) ? 'wrong' : 'missing' },
          'refused identity headers without the proxy secret',
        );
      }
      throw new OverlayError(401, {
        title: 'Sign-in required',
        message: "This service is reached through the site's sign-in. Open it from the stream site's address.",
        log: claimed ? 'identity headers without a valid proxy secret' : 'request did not come through the reverse proxy',
      });
    }
    if (!username) {
      throw new OverlayError(401, {
        title: 'Sign-in required',
        message: 'The sign-in service did not say who you are. Sign in again.',
        log: 'proxy secret present but no X-Authentik-Username',
      });
    }
    const headerGroups = parseGroupsHeader(c.req.header('x-authentik-groups'));
    if (verifier) await vouch(c, { verifier, required: jwt.mode === 'require', log, secret: options.secret }, username, headerGroups);
    c.set('identity', { username, headerGroups, source: 'forward-auth' });
    await next();
  };
}

interface VouchContext {
  verifier: AuthentikJwtVerifier;
  required: boolean;
  log: Logger;
  secret: string;
}

/** The outpost's token must name the same user and the same groups as the plain headers. */
async function vouch(c: Context<OverlayEnv>, ctx: VouchContext, username: string, headerGroups: string[]): Promise<void> {
  const refuse = (reason: string): never => {
    ctx.log.warn(
      { ip: clientIp(c, ctx.secret), path: c.req.path, claimedUser: username, reason },
      'refused forward-auth identity: X-Authentik-Jwt does not vouch for it',
    );
    throw new OverlayError(401, { ...SIGN_IN_AGAIN, log: reason });
  };
  const token = c.req.header('x-authentik-jwt')?.trim();
  if (!token) {
    if (ctx.required) refuse('no X-Authentik-Jwt (AUTHENTIK_JWT=require)');
    return;
  }
  let claims;
  try {
    claims = await ctx.verifier.verify(token);
  } catch (error) {
    if (error instanceof AuthentikJwtInvalid) refuse(`X-Authentik-Jwt refused: ${error.message}`);
    if (!(error instanceof AuthentikJwtKeysUnavailable)) throw error;
    ctx.log.error({ path: c.req.path, claimedUser: username, reason: error.message }, 'cannot verify X-Authentik-Jwt: the signing keys cannot be read');
    throw new OverlayError(503, {
      title: 'Sign-in check unavailable',
      message: 'Your sign-in cannot be confirmed right now, so access is closed for the moment. Try again in a minute.',
      log: error.message,
      retryAfterSeconds: 30,
    });
  }
  if (claims.username !== username) refuse(`X-Authentik-Jwt is for ${claims.username}, X-Authentik-Username says ${username}`);
  // The outpost writes the header as the token's groups joined by "|": compare what that header would say.
  const vouched = parseGroupsHeader(claims.groups.join('|'));
  if (vouched.length !== headerGroups.length || !headerGroups.every((g) => vouched.includes(g))) {
    refuse(`X-Authentik-Groups differs from the groups in X-Authentik-Jwt (header ${headerGroups.length}, token ${vouched.length})`);
  }
}
