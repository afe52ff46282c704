/**
 * Synchronous HS256 compact-JWS verification with node:crypto, for the auth endpoint's hot path:
 * jose's jwtVerify goes through WebCrypto (a key import and several promise hops per call), which
 * cost more than the rest of a decision. The checks are the ones jose's jwtVerify made for us with
 * `{ algorithms: ['HS256'], audience, currentDate, requiredClaims: ['sub', 'exp'] }`, a little
 * stricter where our own signer never goes: no `crit` header, `sub` must be a non-empty string, and
 * the signature must be the canonical base64url of the MAC.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface Hs256Token {
  /** The protected header's `kid`: which key of the ring signed it. */
  kid: string;
  payload: Record<string, unknown>;
  /** `<header>.<payload>`, what the MAC covers. */
  signingInput: string;
  signature: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function decodeJsonObject(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A compact JWS whose header says HS256 with a kid, decoded but not yet verified; null otherwise. */
export function parseHs256(token: string): Hs256Token | null {
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  if (first <= 0 || second <= first + 1 || second === token.length - 1 || token.indexOf('.', second + 1) !== -1) return null;
  const [header, body, signature] = [token.slice(0, first), token.slice(first + 1, second), token.slice(second + 1)];
  if (!BASE64URL.test(header) || !BASE64URL.test(body) || !BASE64URL.test(signature)) return null;
  const protectedHeader = decodeJsonObject(header);
  if (!protectedHeader || protectedHeader.alg !== 'HS256' || 'crit' in protectedHeader) return null;
  if (typeof protectedHeader.kid !== 'string' || protectedHeader.kid === '') return null;
  const payload = decodeJsonObject(body);
  if (!payload) return null;
  return { kid: protectedHeader.kid, payload, signingInput: token.slice(0, second), signature };
}

/** Constant-time: the token's signature against the HMAC-SHA256 of its signing input under `key`. */
export function hs256SignatureMatches(token: Pick<Hs256Token, 'signingInput' | 'signature'>, key: Uint8Array): boolean {
  const expected = Buffer.from(createHmac('sha256', key).update(token.signingInput).digest('base64url'), 'latin1');
  const given = Buffer.from(token.signature, 'latin1');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

const optionalNumber = (value: unknown) => value === undefined || typeof value === 'number';

/**
 * The registered claims a verified payload must satisfy at `nowMs`: `sub` and `exp` present, `exp`
 * after now, `nbf` (if any) not after now, `iat` (if any) a number, and `audience` in `aud`.
 * Times are whole seconds as in jose: a token is expired from the second `exp` names.
 */
export function checkHs256Claims(payload: Record<string, unknown>, options: { audience: string; nowMs: number }): { sub: string; exp: number } | null {
  const { sub, exp, nbf, iat, aud } = payload;
  const now = Math.floor(options.nowMs / 1000);
  if (typeof sub !== 'string' || sub === '' || typeof exp !== 'number' || !optionalNumber(nbf) || !optionalNumber(iat)) return null;
  if (exp <= now || (typeof nbf === 'number' && nbf > now)) return null;
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  if (!audiences.includes(options.audience)) return null;
  return { sub, exp };
}
