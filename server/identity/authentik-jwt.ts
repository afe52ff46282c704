/**
 * Verifies the X-Authentik-Jwt that Authentik's outpost sends with its identity headers. The token
 * is the proxy provider's OAuth access token: `preferred_username` and `groups` are what the
 * outpost copied into X-Authentik-Username and X-Authentik-Groups, `aud` the provider's client ID,
 * `iss` <authentik>/application/o/<slug>/. Proxy providers sign it with HS256 and their client
 * secret (they have no signing key); a provider with a signing key uses RS256 or ES256 and
 * publishes the key at <authentik>/application/o/<slug>/jwks/.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import { LRUCache } from 'lru-cache';
import { ownerClock, ttlFor } from '../cache/lru.ts';
import type { AuthentikJwtKey, AuthentikJwtSettings } from '../config/index.ts';

export interface VerifiedAuthentikJwt {
  username: string;
  groups: string[];
}

/** The presented token is not one Authentik issued for this application, now (answer 401). */
export class AuthentikJwtInvalid extends Error {
  override name = 'AuthentikJwtInvalid';
}

/** The keys could not be read, so no token can be checked (answer 503, never accept). */
export class AuthentikJwtKeysUnavailable extends Error {
  override name = 'AuthentikJwtKeysUnavailable';
}

export interface AuthentikJwtVerifier {
  verify(token: string): Promise<VerifiedAuthentikJwt>;
}

export interface AuthentikJwtVerifierOptions {
  /** Time after a JWKS fetch before an unknown key id may fetch again (jose's cooldown); 30 s. */
  jwksCooldownMs?: number;
  now?: () => number;
}

/** Clocks of Authentik and the overlay may differ a little; the outpost's tokens live for hours. */
const CLOCK_TOLERANCE_S = 30;
const JWKS_TIMEOUT_MS = 5_000;
/** A verified token is believed again for this long without redoing the signature (see verify). */
const CACHE_MS = 60_000;
const CACHE_ENTRIES = 1_000;
/** What Authentik signs with: HS256 (client secret), RS256 (RSA key), ES256 (EC key). */
const ASYMMETRIC = ['RS256', 'ES256'];

/** jose's verdicts about the token itself; anything else from the key resolver is the key set's fault. */
const TOKEN_FAULTS = [errors.JWKSNoMatchingKey, errors.JWKSMultipleMatchingKeys, errors.JOSENotSupported];

function keyResolver(key: AuthentikJwtKey, cooldownMs: number): { algorithms: string[]; key: KeyObject | JWTVerifyGetKey } {
  if (key.kind === 'client-secret') return { algorithms: ['HS256'], key: createSecretKey(Buffer.from(key.secret, 'utf8')) };
  const remote = createRemoteJWKSet(new URL(key.url), { cooldownDuration: cooldownMs, timeoutDuration: JWKS_TIMEOUT_MS });
  const resolve: JWTVerifyGetKey = async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      if (TOKEN_FAULTS.some((fault) => error instanceof fault)) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new AuthentikJwtKeysUnavailable(`cannot read the signing keys at ${key.url}: ${reason}`, { cause: error });
    }
  };
  return { algorithms: ASYMMETRIC, key: resolve };
}

function claimsOf(payload: Record<string, unknown>): VerifiedAuthentikJwt {
  const username = payload.preferred_username;
  if (typeof username !== 'string' || username === '') throw new AuthentikJwtInvalid('the token has no preferred_username');
  const groups = payload.groups ?? [];
  if (!Array.isArray(groups) || !groups.every((g): g is string => typeof g === 'string'))
    throw new AuthentikJwtInvalid("the token's groups claim is not a list of names");
  return { username, groups };
}

/** What went wrong with a token, for the log: jose's words plus the header's alg, never the token. */
function describeRefusal(error: unknown, token: string, key: AuthentikJwtKey): string {
  let alg = 'unreadable';
  try {
    alg = String(decodeProtectedHeader(token).alg);
  } catch {
    // a token that does not even decode says so in jose's message
  }
  const reason = error instanceof Error ? error.message : String(error);
  const hint =
    key.kind === 'jwks' && alg === 'HS256' ? " (Authentik's proxy providers sign with HS256 and their client secret: set AUTHENTIK_CLIENT_SECRET)" : '';
  return `${reason} [alg ${alg}]${hint}`;
}

/**
 * One verifier per process. A verified token's answer is kept by its exact text for a minute (at
 * most until it expires): the outpost sends the same token with every request of a session, and
 * redoing the signature each time would be most of a request's cost. Failures are never kept.
 * First verified, first out (peek): each entry lives a minute at most, so reordering on a hit
 * would buy nothing.
 */
export function createAuthentikJwtVerifier(
  settings: AuthentikJwtSettings & { key: AuthentikJwtKey },
  options: AuthentikJwtVerifierOptions = {},
): AuthentikJwtVerifier {
  const now = options.now ?? Date.now;
  const { algorithms, key } = keyResolver(settings.key, options.jwksCooldownMs ?? 30_000);
  const verified = new LRUCache<string, VerifiedAuthentikJwt>({ max: CACHE_ENTRIES, ...ownerClock(now) });

  async function check(token: string): Promise<{ claims: VerifiedAuthentikJwt; exp: number }> {
    try {
      const checks: JWTVerifyOptions = {
        algorithms,
        clockTolerance: CLOCK_TOLERANCE_S,
        currentDate: new Date(now()),
        requiredClaims: ['exp'],
        ...(settings.issuer && { issuer: settings.issuer }),
        ...(settings.audience && { audience: settings.audience }),
      };
      const { payload } = typeof key === 'function' ? await jwtVerify(token, key, checks) : await jwtVerify(token, key, checks);
      return { claims: claimsOf(payload), exp: payload.exp! };
    } catch (error) {
      if (error instanceof AuthentikJwtKeysUnavailable || error instanceof AuthentikJwtInvalid) throw error;
      throw new AuthentikJwtInvalid(describeRefusal(error, token, settings.key), { cause: error });
    }
  }

  return {
    async verify(token) {
      const known = verified.peek(token);
      if (known) return known;
      const at = now();
      const { claims, exp } = await check(token);
      // Believed until a minute after it was first asked about, or until it expires if that is sooner.
      const ttl = ttlFor(Math.min(at + CACHE_MS, exp * 1000) - now());
      if (ttl) verified.set(token, claims, { ttl });
      return claims;
    },
  };
}
