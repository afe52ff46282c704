import { SignJWT } from 'jose';
import { OverlayError } from '../http/errors.ts';
import { MediamtxApiError } from '../mediamtx/api-client.ts';
import { may } from '../policy/may.ts';
import type { CompiledRules } from '../rules/compile.ts';
import { JWT_ALGORITHM, type JwtKeyRing } from './key-ring.ts';
import { isAdmin, mediamtxPermissions, type MediamtxPermission } from './permissions.ts';

/** MediaMTX's default `authJWTClaimKey`. */
export const PERMISSIONS_CLAIM = 'mediamtx_permissions';

export interface MediamtxJwt {
  token: string;
  /** ISO 8601. */
  expiresAt: string;
  permissions: MediamtxPermission[];
}

export interface MediamtxJwts {
  /** A token naming the user, with what their groups and the rules let them read and play back now. */
  issue(user: { username: string; groups: readonly string[] }): Promise<MediamtxJwt>;
}

export interface MediamtxJwtOptions {
  ring: JwtKeyRing;
  ttlMs: number;
  /** `iss`/`aud`, checked by MediaMTX when its authJWTIssuer/authJWTAudience are set; null = left out. */
  issuer: string | null;
  audience: string | null;
  /** With the policy they were compiled with: its publish groups may publish anywhere (in JWT mode MediaMTX no longer reads its internal users, so publishers need it in the claim). */
  rules: () => CompiledRules;
  /** MediaMTX's configured and active paths and the exact rules' paths (see rules/known-paths.ts). */
  knownPaths: () => Promise<string[]>;
  now?: () => number;
}

/**
 * Short-lived JWTs for MediaMTX's `authMethod: jwt`. Unlike playback tokens they carry the
 * permissions themselves: MediaMTX decides from the claim alone and never asks the overlay, so a
 * group change reaches a user only with their next token (hence the short lifetime).
 */
export function createMediamtxJwts(options: MediamtxJwtOptions): MediamtxJwts {
  const now = options.now ?? Date.now;

  async function knownPaths(): Promise<string[]> {
    try {
      return await options.knownPaths();
    } catch (error) {
      if (!(error instanceof MediamtxApiError)) throw error;
      throw new OverlayError(503, {
        title: 'MediaMTX unavailable',
        message: 'The streams you may watch cannot be listed right now (the MediaMTX API does not answer), so no token was issued. Try again in a minute.',
        log: error.message,
        retryAfterSeconds: 30,
      });
    }
  }

  return {
    async issue(user) {
      const rules = options.rules();
      // Admins get every path; nobody else's claim can be worked out without the known paths.
      const known = isAdmin(rules, user.groups) ? [] : await knownPaths();
      const permissions = mediamtxPermissions(rules, user.groups, known);
      if (may(user, 'publish', '', rules).allow) permissions.push({ action: 'publish', path: '' });
      const { kid, key } = await options.ring.signingKey();
      const issuedAt = Math.floor(now() / 1000);
      const expiresAt = issuedAt + Math.ceil(options.ttlMs / 1000);
      const jwt = new SignJWT({ [PERMISSIONS_CLAIM]: permissions })
        .setProtectedHeader({ alg: JWT_ALGORITHM, kid, typ: 'JWT' })
        .setSubject(user.username)
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt);
      if (options.issuer) jwt.setIssuer(options.issuer);
      if (options.audience) jwt.setAudience(options.audience);
      return { token: await jwt.sign(key), expiresAt: new Date(expiresAt * 1000).toISOString(), permissions };
    },
  };
}
