/**
 * MEDIAMTX_AUTH=jwt end to end: the JWTs from /_overlay/api/token and /api/hlsviewer-credential
 * are verified the way MediaMTX does it, against the overlay's published JWKS fetched over HTTP
 * (jose's remote key set), not through the overlay's own key ring.
 */
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';

const ISSUER = 'https://streams.example.test';
const AUDIENCE = 'mediamtx';

let stack: Stack;
let plain: Stack;
beforeAll(async () => {
  [stack, plain] = await Promise.all([
    startStack({ mode: 'forward-auth', ldap: inject('ldap'), env: { MEDIAMTX_AUTH: 'jwt', JWT_TTL: '5m', JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE } }),
    startStack({ mode: 'forward-auth', ldap: inject('ldap') }),
  ]);
  stack.mediamtx.setPaths([
    { name: 'cam1', ready: true, sourceType: 'rtspSession' },
    { name: 'drone1', ready: true, sourceType: 'rtmpConn' },
    { name: 'field/a', ready: true, sourceType: 'rtspSession' },
    { name: 'field/b', ready: true, sourceType: 'rtspSession' },
    { name: 'ops/night1', ready: true, sourceType: 'srtConn' },
  ]);
  const rules = [
    { path: 'drone1', groups: ['vid_private'] },
    { path: 'field/*', groups: ['vid_public'] },
    { path: 'ops/**', groups: ['vid_private'] },
  ];
  for (const [version, rule] of rules.entries()) {
    const headers = { ...asForwardAuthUser('demo-admin'), 'Content-Type': 'application/json', 'If-Match': `"${version}"` };
    const res = await fetch(`${stack.overlay.url}/_overlay/api/rules`, { method: 'PUT', headers, body: JSON.stringify(rule) });
    expect(res.status).toBe(200);
  }
});
afterAll(async () => {
  await Promise.all([stack?.stop(), plain?.stop()]);
});

const both = (...paths: string[]) =>
  paths.flatMap((path) => [
    { action: 'read', path },
    { action: 'playback', path },
  ]);
const VIEWER_CLAIM = both('~^field/[^/]*$', 'cam1', 'teststream'); // demo-viewer: vid_public
const ALICE_CLAIM = both('~^ops/[^/]+(?:/[^/]+)*$', 'cam1', 'drone1', 'teststream'); // alice: vid_private
/** Admins are in PUBLISH_GROUPS by default, so they may publish too. */
const ADMIN_CLAIM = [...both(''), { action: 'publish', path: '' }];

async function verifyAsMediamtx(token: string): Promise<JWTPayload> {
  const jwks = createRemoteJWKSet(new URL(`${stack.overlay.url}/.well-known/jwks.json`));
  const { payload } = await jwtVerify(token, jwks, { algorithms: ['ES256'], issuer: ISSUER, audience: AUDIENCE, requiredClaims: ['sub', 'exp'] });
  return payload;
}

async function tokenFor(user: string, target: Stack = stack) {
  // Content-Type as an API client sends it: a POST without one counts as a possible cross-site form.
  const headers = { ...asForwardAuthUser(user), 'Content-Type': 'application/json' };
  const res = await fetch(`${target.overlay.url}/_overlay/api/token`, { method: 'POST', headers });
  return { status: res.status, cache: res.headers.get('cache-control'), body: (await res.json()) as Record<string, any> };
}

async function credentialOf(user: string) {
  const res = await fetch(`${stack.overlay.url}/api/hlsviewer-credential`, { headers: asForwardAuthUser(user) });
  expect(res.status).toBe(200);
  return (await res.json()) as { username: string; password: string };
}

describe('JWT mode', () => {
  it('publishes the public ES256 keys to anyone, cacheable for five minutes', async () => {
    const res = await fetch(`${stack.overlay.url}/.well-known/jwks.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('max-age=300');
    const { keys } = (await res.json()) as { keys: Array<Record<string, string>> };
    expect(keys.length).toBeGreaterThanOrEqual(2); // the signing key and the next one
    for (const key of keys) {
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: expect.any(String) });
      expect(key).not.toHaveProperty('d');
    }
  });

  it('gives a viewer a JWT with the read and playback permissions the rules give their groups', async () => {
    const { status, cache, body } = await tokenFor('demo-viewer');
    expect(status).toBe(200);
    expect(cache).toBe('no-store');
    expect(body.permissions).toEqual(VIEWER_CLAIM);
    const payload = await verifyAsMediamtx(body.token);
    expect(payload.sub).toBe('demo-viewer');
    expect(payload.mediamtx_permissions).toEqual(VIEWER_CLAIM);
    expect(payload.exp! - payload.iat!).toBe(300);
    expect(new Date(body.expiresAt).getTime()).toBe(payload.exp! * 1000);
    const { keys } = (await (await fetch(`${stack.overlay.url}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> };
    expect(keys.map((k) => k.kid)).toContain(decodeProtectedHeader(body.token).kid);
  });

  it('gives another viewer their own claim, and an admin every path', async () => {
    expect((await verifyAsMediamtx((await tokenFor('alice')).body.token)).mediamtx_permissions).toEqual(ALICE_CLAIM);
    const admin = await tokenFor('demo-admin');
    expect(admin.body.permissions).toEqual(ADMIN_CLAIM);
    expect(await verifyAsMediamtx(admin.body.token)).toMatchObject({ sub: 'demo-admin', mediamtx_permissions: ADMIN_CLAIM });
  });

  it("hands the JWT out as the player's password, to viewers and admins", async () => {
    const viewer = await credentialOf('demo-viewer');
    expect(viewer.username).toBe('demo-viewer');
    expect(await verifyAsMediamtx(viewer.password)).toMatchObject({ sub: 'demo-viewer', mediamtx_permissions: VIEWER_CLAIM });
    const admin = await credentialOf('demo-admin');
    expect(await verifyAsMediamtx(admin.password)).toMatchObject({ sub: 'demo-admin', mediamtx_permissions: ADMIN_CLAIM });
  });

  it('leaves the Active Streams HLS URLs without a token (MediaMTX reads none from the query in JWT mode)', async () => {
    const res = await fetch(`${stack.overlay.url}/api/streams`, { headers: asForwardAuthUser('demo-viewer') });
    const { streams } = (await res.json()) as { streams: Array<{ name: string; hls_url: string }> };
    expect(streams.map((s) => s.name).sort()).toEqual(['cam1', 'field/a', 'field/b']);
    for (const stream of streams) expect(stream.hls_url).not.toContain('token=');
  });

  it('refuses someone without a stream group', async () => {
    expect((await tokenFor('carol')).status).toBe(403);
  });

  it('keeps the keys and the token route off in http mode', async () => {
    const token = await tokenFor('demo-viewer', plain);
    expect(token.status).toBe(404);
    expect(token.body.error).toMatch(/MEDIAMTX_AUTH=jwt/);
    expect((await fetch(`${plain.overlay.url}/.well-known/jwks.json`)).status).not.toBe(200);
    const credential = await fetch(`${plain.overlay.url}/api/hlsviewer-credential`, { headers: asForwardAuthUser('demo-viewer') });
    const { password } = (await credential.json()) as { password: string };
    expect(decodeProtectedHeader(password).alg).toBe('HS256'); // the playback token, as before
  });
});
