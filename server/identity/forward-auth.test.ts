import { Writable } from 'node:stream';
import { Hono } from 'hono';
import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthentikJwtSettings } from '../config/index.ts';
import { createErrorRenderer } from '../http/errors.ts';
import type { OverlayEnv } from '../http/env.ts';
import { createLogger } from '../log.ts';
import { authentikSeed, startAuthentikDouble, type AuthentikDouble, type ProxyProviderDouble } from '../../test/doubles/authentik/index.ts';
import { forwardAuthIdentity } from './forward-auth.ts';

const SECRET = 's'.repeat(32);
const OFF: AuthentikJwtSettings = { mode: 'off', key: null, issuer: null, audience: null };

function appWithLog(jwt: AuthentikJwtSettings = OFF) {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const log = createLogger('info', sink);
  const app = new Hono<OverlayEnv>();
  app.onError(createErrorRenderer(log));
  // No JWKS cooldown, so a rotated key is fetched at once (jose's default waits 30 s).
  app.use('*', forwardAuthIdentity({ secret: SECRET, log, jwt, jwtVerifierOptions: { jwksCooldownMs: 0 } }));
  app.get('*', (c) => c.json(c.get('identity')));
  return { app, lines };
}

/**
 * A request as node:http hands it over: Fetch headers merge a repeated name into one value, so
 * the raw list (what the middleware counts) is passed as the node binding, as in production.
 */
function send(app: Hono<OverlayEnv>, headers: Array<[string, string]>, path = '/api/streams') {
  const merged = new Headers();
  for (const [name, value] of headers) merged.append(name, value);
  return app.request(path, { headers: merged }, { incoming: { rawHeaders: headers.flat(), socket: { remoteAddress: '127.0.0.1' } } });
}

function proxied(username: string, groups: string[], jwt?: string): Array<[string, string]> {
  const headers: Array<[string, string]> = [
    ['X-Overlay-Proxy-Secret', SECRET],
    ['X-Authentik-Username', username],
    ['X-Authentik-Groups', groups.join('|')],
  ];
  if (jwt !== undefined) headers.push(['X-Authentik-Jwt', jwt]);
  return headers;
}

describe('forwardAuthIdentity', () => {
  it('believes the headers only with the proxy secret, and keeps odd group names whole', async () => {
    const { app } = appWithLog();
    const res = await app.request('/', {
      headers: { 'X-Overlay-Proxy-Secret': SECRET, 'X-Authentik-Username': 'alice', 'X-Authentik-Groups': 'vid_public|Team Alpha, West|vid_ops; night' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ username: 'alice', headerGroups: ['vid_public', 'Team Alpha, West', 'vid_ops; night'], source: 'forward-auth' });
  });

  it.each([
    ['missing', {}],
    ['wrong', { 'X-Overlay-Proxy-Secret': 'not-the-secret-at-all' }],
    ['almost right', { 'X-Overlay-Proxy-Secret': `${SECRET}x` }],
  ])('refuses spoofed identity headers with a %s secret, with a log line', async (kind, secretHeader) => {
    const { app, lines } = appWithLog();
    const res = await app.request('/api/streams', {
      headers: { ...secretHeader, 'X-Authentik-Username': 'akadmin', 'X-Authentik-Groups': 'vid_admin' },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: expect.stringMatching(/sign-in/i) });
    const line = lines.find((l) => l.msg === 'refused identity headers without the proxy secret');
    expect(line).toMatchObject({ claimedUser: 'akadmin', secret: kind === 'missing' ? 'missing' : 'wrong', path: '/api/streams' });
  });

  it('refuses a request that did not come through the proxy, and one without a username', async () => {
    const { app } = appWithLog();
    expect((await app.request('/')).status).toBe(401);
    const page = await app.request('/', { headers: { 'X-Overlay-Proxy-Secret': SECRET } });
    expect(page.status).toBe(401);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('will not start with a short secret', () => {
    expect(() => forwardAuthIdentity({ secret: 'short', log: createLogger('silent'), jwt: OFF })).toThrow(/16 characters/);
  });

  it.each([
    ['X-Authentik-Username', [['X-Authentik-Username', 'akadmin']]],
    ['X-Authentik-Groups (in another case)', [['x-authentik-groups', '|vid_admin']]],
    ['X-Authentik-Jwt', [['X-Authentik-Jwt', 'a.b.c']]],
    ['X-Overlay-Proxy-Secret', [['X-Overlay-Proxy-Secret', SECRET]]],
  ] as Array<[string, Array<[string, string]>]>)('refuses a request that carries %s twice (400), with a log line', async (_name, extra) => {
    const { app, lines } = appWithLog();
    const res = await send(app, [...proxied('alice', ['vid_public'], 'x.y.z'), ...extra]);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: expect.stringMatching(/more than once/) });
    expect(lines.find((l) => l.msg === 'refused a request that carries an identity header twice')).toMatchObject({ header: extra[0]![0].toLowerCase() });
  });
});

describe('X-Authentik-Jwt from a proxy provider (HS256, its client secret)', () => {
  let ak: AuthentikDouble;
  let provider: ProxyProviderDouble;
  let settings: (mode: AuthentikJwtSettings['mode']) => AuthentikJwtSettings;
  beforeAll(async () => {
    ak = await startAuthentikDouble({ token: 't', ...authentikSeed(), application: { slug: 'streams' } });
    provider = ak.provider!;
    settings = (mode) => ({ mode, key: { kind: 'client-secret', secret: provider.clientSecret }, issuer: provider.issuer, audience: provider.clientId });
  });
  afterAll(() => ak?.stop());

  const ALICE = { username: 'alice', groups: ['vid_private', 'vid_alpha', 'tak_x'] };

  it('accepts a token that vouches for the headers, in either mode', async () => {
    for (const mode of ['require', 'if-present'] as const) {
      const { app } = appWithLog(settings(mode));
      const res = await send(app, proxied('alice', ['tak_x', 'vid_alpha', 'vid_private'], await provider.tokenFor(ALICE)));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ username: 'alice' });
    }
  });

  it('require refuses a request without a token; if-present accepts it; off ignores even a bad one', async () => {
    const { app: require, lines } = appWithLog(settings('require'));
    expect((await send(require, proxied('alice', ['vid_private']))).status).toBe(401);
    expect(lines.find((l) => l.msg === 'refused forward-auth identity: X-Authentik-Jwt does not vouch for it')).toMatchObject({
      claimedUser: 'alice',
      reason: expect.stringMatching(/no X-Authentik-Jwt/),
    });
    expect((await send(appWithLog(settings('if-present')).app, proxied('alice', ['vid_private']))).status).toBe(200);
    expect((await send(appWithLog(settings('off')).app, proxied('alice', ['vid_private'], 'forged'))).status).toBe(200);
  });

  it.each([
    ['unsigned (alg none)', async () => new UnsecuredJWT({ preferred_username: 'alice', groups: ALICE.groups }).setExpirationTime('1h').encode(), /alg/i],
    [
      'signed with another secret',
      async () =>
        new SignJWT({ preferred_username: 'alice', groups: ALICE.groups, iss: provider.issuer, aud: provider.clientId })
          .setProtectedHeader({ alg: 'HS256' })
          .setExpirationTime('1h')
          .sign(Buffer.from('x'.repeat(64))),
      /signature/i,
    ],
    [
      "signed with an attacker's RSA key",
      async () => {
        const { privateKey } = await generateKeyPair('RS256');
        return new SignJWT({ preferred_username: 'alice', groups: ALICE.groups, iss: provider.issuer, aud: provider.clientId })
          .setProtectedHeader({ alg: 'RS256', kid: 'evil' })
          .setExpirationTime('1h')
          .sign(privateKey);
      },
      /alg/i,
    ],
    ['expired', async () => provider.tokenFor(ALICE, { exp: Math.floor(Date.now() / 1000) - 120 }), /exp/i],
    ['without exp', async () => provider.tokenFor(ALICE, { exp: undefined }), /exp/i],
    ['issued for another application (aud)', async () => provider.tokenFor(ALICE, { aud: 'another-client-id' }), /aud/i],
    ['from another issuer', async () => provider.tokenFor(ALICE, { iss: 'https://evil.example/application/o/streams/' }), /iss/i],
    [
      'with its payload swapped',
      async () => {
        const [head, , sig] = (await provider.tokenFor(ALICE)).split('.');
        const body = Buffer.from(JSON.stringify({ preferred_username: 'alice', groups: ['vid_admin'], exp: 4102444800 })).toString('base64url');
        return `${head}.${body}.${sig}`;
      },
      /signature/i,
    ],
    ['not a JWT at all', async () => 'not-a-token', /JWS|JWT|Invalid/i],
  ])('refuses a token %s (401, with the reason logged)', async (_what, make, reason) => {
    const { app, lines } = appWithLog(settings('if-present'));
    const res = await send(app, proxied('alice', ALICE.groups, await make()));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: expect.stringMatching(/sign/i) });
    const line = lines.find((l) => l.msg === 'refused forward-auth identity: X-Authentik-Jwt does not vouch for it');
    expect(line).toMatchObject({ claimedUser: 'alice', path: '/api/streams' });
    expect(String(line!.reason)).toMatch(reason);
  });

  it.each([
    ['another user', 'akadmin', ALICE.groups, /for alice.*says akadmin/],
    ['an extra group', 'alice', [...ALICE.groups, 'vid_admin'], /groups/],
    ['a missing group', 'alice', ['vid_private'], /groups/],
  ])('refuses a valid token when the headers name %s', async (_what, username, groups, reason) => {
    const { app, lines } = appWithLog(settings('if-present'));
    const res = await send(app, proxied(username, groups, await provider.tokenFor(ALICE)));
    expect(res.status).toBe(401);
    expect(String(lines.find((l) => l.msg === 'refused forward-auth identity: X-Authentik-Jwt does not vouch for it')!.reason)).toMatch(reason);
  });

  it('compares groups as the outpost joins them, so a name holding a pipe still matches', async () => {
    const { app } = appWithLog(settings('require'));
    const token = await provider.tokenFor({ username: 'alice', groups: ['vid_a|b', 'vid_c'] });
    expect((await send(app, proxied('alice', ['vid_a', 'b', 'vid_c'], token))).status).toBe(200);
  });
});

describe('X-Authentik-Jwt from a provider with a signing key (its JWKS)', () => {
  let ak: AuthentikDouble;
  let provider: ProxyProviderDouble;
  let settings: AuthentikJwtSettings;
  const BOB = { username: 'bob', groups: ['vid_public'] };
  beforeAll(async () => {
    ak = await startAuthentikDouble({ token: 't', ...authentikSeed(), application: { slug: 'streams', signing: 'rsa' } });
    provider = ak.provider!;
    settings = { mode: 'require', key: { kind: 'jwks', url: provider.jwksUrl }, issuer: provider.issuer, audience: provider.clientId };
  });
  afterAll(() => ak?.stop());

  it('reads the JWKS again for an unknown key id, so a rotated key works at once', async () => {
    const { app } = appWithLog(settings);
    expect((await send(app, proxied('bob', BOB.groups, await provider.tokenFor(BOB)))).status).toBe(200);
    const reads = provider.jwksReads();
    const before = await provider.tokenFor(BOB, { uid: 'old' });
    await provider.rotateKey();
    expect((await send(app, proxied('bob', BOB.groups, await provider.tokenFor(BOB)))).status).toBe(200);
    expect(provider.jwksReads()).toBe(reads + 1);
    // The old key is gone from the JWKS: a token it signed (not seen before) no longer verifies.
    expect((await send(app, proxied('bob', BOB.groups, before))).status).toBe(401);
  });

  it('refuses an HS256 token, saying the client secret is what such tokens need', async () => {
    const { app, lines } = appWithLog(settings);
    const hs = await new SignJWT({ preferred_username: 'bob', groups: BOB.groups })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('1h')
      .sign(Buffer.from('k'.repeat(64)));
    expect((await send(app, proxied('bob', BOB.groups, hs))).status).toBe(401);
    expect(String(lines.find((l) => l.reason)!.reason)).toMatch(/AUTHENTIK_CLIENT_SECRET/);
  });

  it('fails closed (503) while the JWKS cannot be read, and never lets the token through', async () => {
    const { app, lines } = appWithLog({ ...settings, key: { kind: 'jwks', url: 'http://127.0.0.1:9/application/o/streams/jwks/' } });
    const res = await send(app, proxied('bob', BOB.groups, await provider.tokenFor(BOB)));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(lines.find((l) => l.msg === 'cannot verify X-Authentik-Jwt: the signing keys cannot be read')).toMatchObject({
      reason: expect.stringContaining('127.0.0.1:9'),
    });
  });
});
