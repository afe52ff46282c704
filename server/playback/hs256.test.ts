import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { checkHs256Claims, hs256SignatureMatches, parseHs256 } from './hs256.ts';

const KEY = randomBytes(32);
const NOW = Date.UTC(2026, 10, 27, 12);
const NOW_S = NOW / 1000;
const AUDIENCE = 'mediamtx-playback';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signed as tokens.ts signs, with jose: what the verifier must accept. */
function sign(claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}, key: Uint8Array = KEY): Promise<string> {
  return new SignJWT({ sub: 'alice', aud: AUDIENCE, iat: NOW_S, exp: NOW_S + 3600, ...claims })
    .setProtectedHeader({ alg: 'HS256', kid: 'k1', typ: 'JWT', ...header })
    .sign(key);
}

/** The whole check as tokens.ts runs it, with one known key. */
function verify(token: string, nowMs = NOW, key: Uint8Array = KEY) {
  const parsed = parseHs256(token);
  if (!parsed || parsed.kid !== 'k1' || !hs256SignatureMatches(parsed, key)) return null;
  return checkHs256Claims(parsed.payload, { audience: AUDIENCE, nowMs });
}

describe('HS256 verification', () => {
  it('accepts what jose signs, with its kid and claims', async () => {
    const token = await sign();
    expect(parseHs256(token)).toMatchObject({ kid: 'k1', payload: { sub: 'alice' } });
    expect(verify(token)).toEqual({ sub: 'alice', exp: NOW_S + 3600 });
    expect(verify(await sign({ aud: ['other', AUDIENCE], nbf: NOW_S }))).not.toBeNull();
  });

  it('refuses tampered payloads and signatures, and other keys', async () => {
    const token = await sign();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const forged = b64({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'akadmin' });
    expect(verify(`${header}.${forged}.${signature}`)).toBeNull();
    expect(verify(`${header}.${payload}.${signature.slice(0, -2)}AA`)).toBeNull();
    // The last character carries two unused bits: a variant that decodes to the same MAC is still refused.
    const sibling = `${signature.slice(0, -1)}${String.fromCharCode(signature.charCodeAt(signature.length - 1) + 1)}`;
    expect(Buffer.from(sibling, 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
    expect(verify(`${header}.${payload}.${sibling}`)).toBeNull();
    expect(verify(token, NOW, randomBytes(32))).toBeNull();
    expect(verify(await sign({}, {}, randomBytes(32)))).toBeNull();
  });

  it('refuses expired and not-yet-valid tokens, to the second as jose did', async () => {
    const token = await sign({ exp: NOW_S + 10 });
    expect(verify(token, NOW + 9_999)).not.toBeNull();
    expect(verify(token, NOW + 10_000)).toBeNull();
    expect(verify(await sign({ nbf: NOW_S + 1 }))).toBeNull();
  });

  it('refuses other algorithms, a missing kid and a crit header', async () => {
    expect(parseHs256(await sign({}, { alg: 'HS384' }))).toBeNull();
    expect(parseHs256(await sign({}, { kid: undefined }))).toBeNull();
    expect(parseHs256(await sign({}, { kid: '' }))).toBeNull();
    expect(parseHs256(await sign({}, { crit: ['b64'], b64: true }))).toBeNull();
    const [, payload] = (await sign()).split('.');
    expect(parseHs256(`${b64({ alg: 'none', kid: 'k1' })}.${payload}.`)).toBeNull();
  });

  it('refuses wrong or missing claims', async () => {
    expect(verify(await sign({ aud: 'someone-else' }))).toBeNull();
    expect(verify(await sign({ aud: undefined }))).toBeNull();
    expect(verify(await sign({ sub: undefined }))).toBeNull();
    expect(verify(await sign({ sub: 42 }))).toBeNull();
    expect(verify(await sign({ exp: undefined }))).toBeNull();
    expect(verify(await sign({ exp: String(NOW_S + 60) }))).toBeNull();
    expect(verify(await sign({ nbf: 'soon' }))).toBeNull();
    expect(verify(await sign({ iat: 'now' }))).toBeNull();
  });

  it('refuses anything that is not a three-part compact JWS of JSON objects', async () => {
    const [header, payload, signature] = (await sign()).split('.') as [string, string, string];
    for (const bad of [
      '',
      'not-a-token',
      `${header}.${payload}`,
      `${header}.${payload}.${signature}.x`,
      `.${payload}.${signature}`,
      `${header}..${signature}`,
      `${header}.${payload}.`,
      `${header}.${payload}.${signature}=`,
      `${header}.${payload}+.${signature}`,
      `${b64([1])}.${payload}.${signature}`,
      `${header}.${b64('text')}.${signature}`,
      `${header}.${Buffer.from('{').toString('base64url')}.${signature}`,
    ]) {
      expect(parseHs256(bad), bad).toBeNull();
    }
  });
});
