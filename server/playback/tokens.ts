import { errors, jwtVerify, SignJWT } from 'jose';
import type { KeyRing } from './key-ring.ts';

const AUDIENCE = 'mediamtx-playback';

export interface PlaybackClaims {
  user: string;
  expiresAt: number;
}

export interface PlaybackTokens {
  issue(user: string): Promise<string>;
  /**
   * A recent token for this user, signed again only once it is a minute (or a tenth of its
   * lifetime) old: the Active Streams page asks every 5 s and must not cost a signature each time.
   */
  recent(user: string): Promise<string>;
  /** null for anything not valid now: bad signature, unknown key, expired, wrong audience, malformed. */
  verify(token: string): Promise<PlaybackClaims | null>;
}

/**
 * Short-lived per-user playback tokens (HS256 JWTs signed with the shared key ring). They say
 * who, not what: the auth endpoint still checks the user's current groups against the rules,
 * so taking access away takes effect without waiting for a token to expire.
 */
const RECENT_LIMIT = 10_000;

export function createPlaybackTokens(options: { ring: KeyRing; ttlMs: number; now?: () => number }): PlaybackTokens {
  const now = options.now ?? Date.now;
  const reuseMs = Math.min(60_000, options.ttlMs / 10);
  const recent = new Map<string, { token: string; issuedAt: number }>();
  // MediaMTX asks on every session start; a token already verified need not pay for WebCrypto again.
  const verified = new Map<string, { claims: PlaybackClaims; kid: string }>();

  async function issue(user: string): Promise<string> {
    const { kid, key } = await options.ring.signingKey();
    const issuedAt = Math.floor(now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', kid, typ: 'JWT' })
      .setSubject(user)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + Math.ceil(options.ttlMs / 1000))
      .sign(key);
  }

  return {
    issue,
    async recent(user) {
      const hit = recent.get(user);
      if (hit && now() - hit.issuedAt < reuseMs) return hit.token;
      const token = await issue(user);
      recent.delete(user);
      if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value!);
      recent.set(user, { token, issuedAt: now() });
      return token;
    },
    async verify(token) {
      const known = verified.get(token);
      if (known) {
        // Still signed by a key the ring accepts (rotation drops keys), and not expired.
        if (known.claims.expiresAt > now() && (await options.ring.verificationKey(known.kid))) return known.claims;
        verified.delete(token);
      }
      try {
        const { payload, protectedHeader } = await jwtVerify(
          token,
          async (header) => {
            const key = header.kid ? await options.ring.verificationKey(header.kid) : null;
            if (!key) throw new errors.JWKSNoMatchingKey();
            return key;
          },
          { algorithms: ['HS256'], audience: AUDIENCE, currentDate: new Date(now()), requiredClaims: ['sub', 'exp'] },
        );
        const claims = { user: payload.sub!, expiresAt: payload.exp! * 1000 };
        if (verified.size >= RECENT_LIMIT) verified.delete(verified.keys().next().value!);
        verified.set(token, { claims, kid: protectedHeader.kid! });
        return claims;
      } catch (error) {
        if (error instanceof errors.JOSEError) return null;
        throw error;
      }
    },
  };
}
