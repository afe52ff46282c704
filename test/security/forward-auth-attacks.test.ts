/**
 * Spoofing forward-auth identity against the real overlay over HTTP, as a client that got past (or
 * around) the reverse proxy would: headers without the secret, repeated headers, forged or borrowed
 * X-Authentik-Jwt. Every refused request must stay away from the editor.
 */
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authentikSeed, startAuthentikDouble, type AuthentikDouble, type ProxyProviderDouble } from '../doubles/authentik/index.ts';
import { rawRequest } from '../harness/raw-http.ts';
import { PROXY_SECRET, startStack, type Stack } from '../harness/stack.ts';

type Headers = Record<string, string | string[]>;

const send = (stack: Stack, path: string, headers: Headers, method = 'GET') =>
  rawRequest(stack.overlay.url, path, { method, headers: { Accept: 'application/json', ...headers } });

const VIEWER = { username: 'demo-viewer', groups: ['vid_public'] };
const headersFor = (user: { username: string; groups: string[] }, jwt?: string): Headers => ({
  'X-Overlay-Proxy-Secret': PROXY_SECRET,
  'X-Authentik-Username': user.username,
  'X-Authentik-Groups': user.groups.join('|'),
  ...(jwt !== undefined && { 'X-Authentik-Jwt': jwt }),
});

let hs: AuthentikDouble;
let rsa: AuthentikDouble;
/** AUTHENTIK_JWT=require, HS256 with the client secret (Authentik's proxy providers), MEDIAMTX_AUTH=http. */
let secretSite: Stack;
/** AUTHENTIK_JWT=require, the provider's JWKS (a provider with a signing key), MEDIAMTX_AUTH=jwt. */
let jwksSite: Stack;
/** The default, AUTHENTIK_JWT=if-present, with the client secret. */
let ifPresentSite: Stack;

function jwtEnv(ak: AuthentikDouble, extra: Record<string, string>): Record<string, string> {
  const provider = ak.provider!;
  return { AUTHENTIK_URL: ak.url, AUTHENTIK_APP_SLUG: provider.slug, AUTHENTIK_CLIENT_ID: provider.clientId, ...extra };
}

beforeAll(async () => {
  hs = await startAuthentikDouble({ token: 't', ...authentikSeed(), application: { slug: 'streams' } });
  rsa = await startAuthentikDouble({ token: 't', ...authentikSeed(), application: { slug: 'streams', signing: 'rsa' } });
  const secret = { AUTHENTIK_CLIENT_SECRET: hs.provider!.clientSecret };
  secretSite = await startStack({ mode: 'forward-auth-headers-only', env: jwtEnv(hs, { ...secret, AUTHENTIK_JWT: 'require' }) });
  jwksSite = await startStack({
    mode: 'forward-auth-headers-only',
    env: jwtEnv(rsa, { AUTHENTIK_JWT: 'require', MEDIAMTX_AUTH: 'jwt', SIGNING_KEY_ROTATION: '24h' }),
  });
  ifPresentSite = await startStack({ mode: 'forward-auth-headers-only', env: jwtEnv(hs, secret) });
});

afterAll(async () => {
  for (const site of [secretSite, jwksSite, ifPresentSite]) await site?.stop();
  await hs?.stop();
  await rsa?.stop();
});

const streams = (stack: Stack) => stack.editor.hits.filter((h) => h.path === '/api/streams');

describe('spoofing table (AUTHENTIK_JWT=require, client secret)', () => {
  let provider: ProxyProviderDouble;
  beforeAll(() => {
    provider = hs.provider!;
  });

  it('lets the real thing through: secret, headers and a token that vouches for them', async () => {
    expect((await send(secretSite, '/api/streams', headersFor(VIEWER, await provider.tokenFor(VIEWER)))).status).toBe(200);
  });

  const ROWS: Array<[string, () => Promise<Headers>, number]> = [
    ['identity headers without the secret', async () => ({ 'X-Authentik-Username': 'demo-admin', 'X-Authentik-Groups': 'vid_admin' }), 401],
    [
      'identity headers with a wrong secret',
      async () => ({ ...headersFor(VIEWER, await provider.tokenFor(VIEWER)), 'X-Overlay-Proxy-Secret': 'guessed-secret-0123456789' }),
      401,
    ],
    ['the secret and headers but no token', async () => headersFor({ username: 'demo-admin', groups: ['vid_admin'] }), 401],
    [
      'X-Authentik-Username twice',
      async () => ({ ...headersFor(VIEWER, await provider.tokenFor(VIEWER)), 'X-Authentik-Username': ['demo-viewer', 'demo-admin'] }),
      400,
    ],
    [
      'X-Authentik-Groups twice',
      async () => ({ ...headersFor(VIEWER, await provider.tokenFor(VIEWER)), 'X-Authentik-Groups': ['vid_public', '|vid_admin'] }),
      400,
    ],
    [
      'X-Overlay-Proxy-Secret twice',
      async () => ({ ...headersFor(VIEWER, await provider.tokenFor(VIEWER)), 'X-Overlay-Proxy-Secret': [PROXY_SECRET, PROXY_SECRET] }),
      400,
    ],
    [
      'X-Authentik-Jwt twice',
      async () => ({ ...headersFor(VIEWER), 'X-Authentik-Jwt': [await provider.tokenFor(VIEWER), await provider.tokenFor(VIEWER)] }),
      400,
    ],
    [
      'an unsigned token (alg none)',
      async () => headersFor(VIEWER, new UnsecuredJWT({ preferred_username: 'demo-viewer', groups: ['vid_public'] }).setExpirationTime('1h').encode()),
      401,
    ],
    [
      'a token signed with a guessed secret',
      async () =>
        headersFor(
          VIEWER,
          await new SignJWT({ preferred_username: 'demo-viewer', groups: ['vid_public'] })
            .setProtectedHeader({ alg: 'HS256' })
            .setExpirationTime('1h')
            .sign(Buffer.from('guess'.repeat(10))),
        ),
      401,
    ],
    ['an expired token', async () => headersFor(VIEWER, await provider.tokenFor(VIEWER, { exp: Math.floor(Date.now() / 1000) - 3600 })), 401],
    ['a token for another application', async () => headersFor(VIEWER, await provider.tokenFor(VIEWER, { aud: 'grafana-client-id' })), 401],
    [
      "a token for the viewer with the admin's name in the header",
      async () => headersFor({ username: 'demo-admin', groups: ['vid_public'] }, await provider.tokenFor(VIEWER)),
      401,
    ],
    [
      'a token for the viewer with vid_admin added to the header',
      async () => headersFor({ username: 'demo-viewer', groups: ['vid_public', 'vid_admin'] }, await provider.tokenFor(VIEWER)),
      401,
    ],
  ];

  it.each(ROWS)('refuses %s, and the editor never sees it', async (_what, headers, status) => {
    secretSite.editor.clearHits();
    const res = await send(secretSite, '/api/streams', await headers());
    expect(res.status).toBe(status);
    expect(res.body).not.toContain('demo-admin');
    expect(streams(secretSite)).toEqual([]);
  });

  it("refuses the viewer's MediaMTX playback token presented as X-Authentik-Jwt", async () => {
    const credential = await send(secretSite, '/api/hlsviewer-credential', headersFor(VIEWER, await provider.tokenFor(VIEWER)));
    expect(credential.status).toBe(200);
    const playback = (JSON.parse(credential.body) as { password: string }).password;
    secretSite.editor.clearHits();
    expect((await send(secretSite, '/api/streams', headersFor(VIEWER, playback))).status).toBe(401);
    expect(streams(secretSite)).toEqual([]);
  });
});

describe("token confusion (AUTHENTIK_JWT=require, the provider's JWKS)", () => {
  it("refuses the overlay's own MediaMTX JWT (/_overlay/api/token) presented as X-Authentik-Jwt, here and on the client-secret site", async () => {
    const provider = rsa.provider!;
    expect((await send(jwksSite, '/api/streams', headersFor(VIEWER, await provider.tokenFor(VIEWER)))).status).toBe(200);
    const issued = await send(
      jwksSite,
      '/_overlay/api/token',
      { ...headersFor(VIEWER, await provider.tokenFor(VIEWER)), 'Content-Type': 'application/json' },
      'POST',
    );
    expect(issued.status).toBe(200);
    const own = (JSON.parse(issued.body) as { token: string }).token;
    for (const site of [jwksSite, secretSite]) {
      site.editor.clearHits();
      expect((await send(site, '/api/streams', headersFor(VIEWER, own))).status).toBe(401);
      expect(streams(site)).toEqual([]);
    }
  });

  it("refuses a token the client-secret site would take: another provider's HS256 token", async () => {
    expect((await send(jwksSite, '/api/streams', headersFor(VIEWER, await hs.provider!.tokenFor(VIEWER)))).status).toBe(401);
  });
});

describe('the default, AUTHENTIK_JWT=if-present', () => {
  it('accepts the headers without a token, but never a token that does not verify or does not match', async () => {
    const provider = hs.provider!;
    expect((await send(ifPresentSite, '/api/streams', headersFor(VIEWER))).status).toBe(200);
    expect((await send(ifPresentSite, '/api/streams', headersFor(VIEWER, await provider.tokenFor(VIEWER)))).status).toBe(200);
    expect((await send(ifPresentSite, '/api/streams', headersFor(VIEWER, 'forged.token.value'))).status).toBe(401);
    expect(
      (await send(ifPresentSite, '/api/streams', headersFor({ username: 'demo-admin', groups: ['vid_admin'] }, await provider.tokenFor(VIEWER)))).status,
    ).toBe(401);
    expect((await send(ifPresentSite, '/api/streams', { ...headersFor(VIEWER), 'X-Authentik-Username': ['demo-viewer', 'demo-admin'] })).status).toBe(400);
    const refusals = ifPresentSite.overlay.logs.filter((l) => l.msg === 'refused forward-auth identity: X-Authentik-Jwt does not vouch for it');
    expect(refusals.map((l) => l.claimedUser)).toEqual(['demo-viewer', 'demo-admin']);
  });
});
