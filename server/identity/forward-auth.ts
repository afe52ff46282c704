import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import { parseGroupsHeader } from '../access/roles.ts';
import { OverlayError } from '../http/errors.ts';
import type { OverlayEnv } from '../http/env.ts';
import { clientIp, PROXY_SECRET_HEADER, secretMatches } from './proxy-secret.ts';

/**
 * Identity from Authentik forward auth. The X-Authentik-* headers are believed only when the
 * request also carries the secret that the reverse proxy adds; anything else never reaches the
 * editor as anyone.
 */
export function forwardAuthIdentity(options: { secret: string; log: Logger }): MiddlewareHandler<OverlayEnv> {
  if (options.secret.length < 16) throw new Error('forward auth needs a PROXY_SECRET of at least 16 characters');
  return async function forwardAuth(c, next) {
    const fromProxy = secretMatches(c.req.header(PROXY_SECRET_HEADER), options.secret);
    const username = c.req.header('x-authentik-username')?.trim();
    if (!fromProxy) {
      const claimed = Object.keys(c.req.header()).some((h) => h.toLowerCase().startsWith('x-authentik-'));
      if (claimed) {
        options.log.warn(
          { ip: clientIp(c, null), path: c.req.path, claimedUser: username ?? null, secret: c.req.header(PROXY_SECRET_HEADER) ? 'wrong' : 'missing' },
          'refused identity headers without the proxy secret',
        );
      }
      throw new OverlayError(401, {
        title: 'Sign-in required',
        message: 'This service is reached through the site\'s sign-in. Open it from the stream site\'s address.',
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
    c.set('identity', { username, headerGroups: parseGroupsHeader(c.req.header('x-authentik-groups')), source: 'forward-auth' });
    await next();
  };
}
