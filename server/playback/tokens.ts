import { SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';
import { ownerClock, ttlFor } from '../cache/lru.ts';
import { checkHs256Claims, hs256SignatureMatches, parseHs256 } from './hs256.ts';
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
  /**
   * null for anything not valid now: bad signature, unknown key, expired, wrong audience, malformed.
   * A token verified before is answered without a promise while the key ring is fresh in memory.
   */
  verify(token: string): PlaybackClaims | Promise<PlaybackClaims | null>;
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
  const clock = ownerClock(now);
  // Both are read with peek(), oldest entry out first as before: a read does not make an entry
  // newer, and each goes by its TTL anyway (the reuse period; the token's expiry).
  const recent = new LRUCache<string, string>({ max: RECENT_LIMIT, ...clock });
  // MediaMTX asks on every session start; a token already verified need not pay for the HMAC again.
  const verified = new LRUCache<string, { claims: PlaybackClaims; kid: string }>({ max: RECENT_LIMIT, ...clock });

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

  /** The whole verification; verify() skips it for a token verified before while the ring is fresh. */
  async function check(token: string): Promise<PlaybackClaims | null> {
    const known = verified.peek(token);
    if (known) {
      // Still signed by a key the ring accepts (rotation drops keys); expired ones are gone already.
      if (await options.ring.verificationKey(known.kid)) return known.claims;
      verified.delete(token);
    }
    const parsed = parseHs256(token);
    if (!parsed) return null;
    const key = options.ring.knownKey(parsed.kid) ?? (await options.ring.verificationKey(parsed.kid));
    if (!key || !hs256SignatureMatches(parsed, key)) return null;
    const valid = checkHs256Claims(parsed.payload, { audience: AUDIENCE, nowMs: now() });
    if (!valid) return null;
    const claims = { user: valid.sub, expiresAt: valid.exp * 1000 };
    const ttl = ttlFor(claims.expiresAt - now());
    if (ttl) verified.set(token, { claims, kid: parsed.kid }, { ttl });
    return claims;
  }

  return {
    issue,
    async recent(user) {
      const hit = recent.peek(user);
      if (hit) return hit;
      const token = await issue(user);
      const ttl = ttlFor(reuseMs);
      if (ttl) recent.set(user, token, { ttl });
      return token;
    },
    verify(token) {
      const known = verified.peek(token);
      if (known && options.ring.knownKey(known.kid)) return known.claims;
      return check(token);
    },
  };
}
