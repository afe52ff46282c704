import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authentikSeed, startAuthentikDouble, type AuthentikDouble } from '../../test/doubles/authentik/index.ts';
import { loadConfig } from '../config/index.ts';
import { AUTHENTIK_CHECKS } from './authentik-checks.ts';
import { echoProbeRoute, ECHO_PROBE_PATH, readEchoProbe } from './echo-probe.ts';
import { judgeGroups } from './groups.ts';
import { LOCAL_CHECKS } from './local-checks.ts';
import type { CheckContext } from './types.ts';
import { whyNotOverlay } from './mediamtx-checks.ts';
import { runChecks } from './runner.ts';
import type { DoctorContext } from './types.ts';

describe('whyNotOverlay', () => {
  const path = '/auth/mediamtx';
  it.each([
    ['http://127.0.0.1:8080/auth/mediamtx', '127.0.0.1'],
    ['http://localhost:8080/auth/mediamtx', '127.0.0.1'],
    ['http://127.0.0.1:8080/auth/mediamtx', '::1'],
    ['http://[::1]:8080/auth/mediamtx', '127.0.0.1'],
    ['http://overlay.internal:8080/auth/mediamtx', '0.0.0.0'],
    ['http://10.0.0.5:8080/auth/mediamtx', '10.0.0.5'],
  ])('accepts %s for an overlay on %s:8080', async (address, host) => {
    expect(await whyNotOverlay(address, path, host, 8080)).toBeNull();
  });

  it.each([
    ['', '127.0.0.1', /empty/],
    ['not a url', '127.0.0.1', /is not a URL/],
    ['https://127.0.0.1:8080/auth/mediamtx', '127.0.0.1', /not http:\/\//],
    ['http://127.0.0.1:8080/auth', '127.0.0.1', /has the path \/auth, not \/auth\/mediamtx/],
    ['http://127.0.0.1:9/auth/mediamtx', '127.0.0.1', /uses port 9, but the overlay listens on 8080/],
    ['http://127.0.0.1/auth/mediamtx', '127.0.0.1', /uses port 80/],
    ['http://10.0.0.6:8080/auth/mediamtx', '10.0.0.5', /names 10\.0\.0\.6, but the overlay listens on 10\.0\.0\.5/],
    ['http://127.0.0.1:8080/auth/mediamtx', '10.0.0.5', /names 127\.0\.0\.1/],
  ])('refuses %j for an overlay on %s:8080', async (address, host, reason) => {
    expect(await whyNotOverlay(address, path, host, 8080)).toMatch(reason);
  });
});

describe('judgeGroups', () => {
  const config = loadConfig({});
  it('passes with the starting groups and an admin group, matching admin groups case-insensitively', () => {
    expect(judgeGroups(['vid_public', 'vid_private', 'vid_admin', 'vid_ops', 'tak_x'], config, 'LDAP')).toEqual({
      status: 'pass',
      detail: '4 vid_* groups (vid_admin, vid_ops, vid_private, vid_public); admin group vid_admin',
    });
    const authentikAdmins = loadConfig({ ADMIN_GROUPS: 'authentik Admins' });
    expect(judgeGroups(['vid_public', 'vid_private', 'AUTHENTIK ADMINS'], authentikAdmins, 'LDAP').status).toBe('pass');
  });

  it('names what is missing, every name compared without case as LDAP does', () => {
    expect(judgeGroups(['VID_public', 'vid_admin'], config, 'LDAP')).toEqual({
      status: 'fail',
      detail: 'vid_private not found in LDAP',
      fix: 'Create vid_private in the directory, or change DEFAULT_GROUPS / ADMIN_GROUPS to groups that exist.',
    });
    const noAdmin = judgeGroups(['vid_public', 'vid_private'], loadConfig({ ADMIN_GROUPS: 'authentik Admins' }), 'Authentik');
    expect(noAdmin).toMatchObject({
      status: 'fail',
      detail: 'none of ADMIN_GROUPS (authentik Admins) exists in Authentik',
      fix: expect.stringMatching(/^Create authentik Admins/),
    });
  });
});

describe('the echo probe', () => {
  const app = echoProbeRoute('s'.repeat(32));
  const probe = (headers: Record<string, string>) => app.request(ECHO_PROBE_PATH, { headers });

  it('says which headers arrived, as booleans', async () => {
    expect(await (await probe({})).json()).toEqual({ probe: 'overlay-echo', identityHeaders: false, proxySecretPresent: false, proxySecretValid: false });
    expect(await (await probe({ 'X-Overlay-Proxy-Secret': 's'.repeat(32) })).json()).toMatchObject({
      identityHeaders: false,
      proxySecretPresent: true,
      proxySecretValid: true,
    });
    const forged = await probe({ 'X-Authentik-Groups': 'vid_admin', 'X-Overlay-Proxy-Secret': 'forged' });
    expect(forged.headers.get('cache-control')).toBe('no-store');
    expect(await forged.json()).toMatchObject({ identityHeaders: true, proxySecretPresent: true, proxySecretValid: false });
  });

  it('reads only a well-formed probe answer', async () => {
    const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
    expect(await readEchoProbe(await probe({}))).toMatchObject({ probe: 'overlay-echo' });
    expect(await readEchoProbe(json({ probe: 'overlay-echo', identityHeaders: false, proxySecretPresent: true }))).toBeNull();
    expect(await readEchoProbe(json({ ok: true }))).toBeNull();
    expect(await readEchoProbe(new Response('<html>', { status: 200 }))).toBeNull();
    expect(await readEchoProbe(json({}, 404))).toBeNull();
  });
});

describe('the client-addresses check', () => {
  const check = LOCAL_CHECKS.find((c) => c.id === 'client-addresses')!;
  const LDAP_LOGIN = {
    LDAP_URL: 'ldap://127.0.0.1:389',
    LDAP_BIND_DN: 'cn=svc',
    LDAP_BIND_PASSWORD: 'pw',
    IDENTITY: 'ldap-login',
    EDITOR_ADMIN_USER: 'a',
    EDITOR_ADMIN_PASSWORD: 'a',
    EDITOR_VIEWER_USER: 'v',
    EDITOR_VIEWER_PASSWORD: 'v',
  };
  async function judge(env: Record<string, string>) {
    const config = loadConfig({ ...LDAP_LOGIN, ...env });
    const skipped = check.skipWhen!(config);
    return skipped ? { status: 'skip', detail: skipped } : check.run({ config } as CheckContext);
  }

  it('fails for ldap-login on loopback with neither PROXY_SECRET nor TRUSTED_PROXIES, naming the fix', async () => {
    for (const HOST of ['127.0.0.1', '::1', 'localhost']) {
      expect(await judge({ HOST })).toEqual({
        status: 'fail',
        detail: expect.stringMatching(/lock everyone out/),
        fix: expect.stringMatching(/TRUSTED_PROXIES.*PROXY_SECRET/),
      });
    }
  });

  it.each([
    [{ TRUSTED_PROXIES: '127.0.0.1' }, 'pass', /TRUSTED_PROXIES \(127\.0\.0\.1\)/],
    [{ PROXY_SECRET: 'p'.repeat(32) }, 'pass', /PROXY_SECRET/],
    [{ HOST: '0.0.0.0' }, 'skip', /not loopback.*TRUSTED_PROXIES/],
    [{ IDENTITY: 'forward-auth', PROXY_SECRET: 'p'.repeat(32) }, 'skip', /only IDENTITY=ldap-login/],
  ])('%j: %s', async (env, status, detail) => {
    expect(await judge(env)).toMatchObject({ status, detail: expect.stringMatching(detail) });
  });
});

describe('the forward-auth JWT line', () => {
  const DIRECTORY = {
    LDAP_URL: 'ldap://127.0.0.1:3389',
    LDAP_BIND_DN: 'cn=svc,dc=x',
    LDAP_BIND_PASSWORD: 'pw',
    PROXY_SECRET: 'x'.repeat(32),
    EDITOR_ADMIN_USER: 'a',
    EDITOR_ADMIN_PASSWORD: 'ap',
    EDITOR_VIEWER_USER: 'v',
    EDITOR_VIEWER_PASSWORD: 'vp',
  };
  const jwtCheck = AUTHENTIK_CHECKS.find((c) => c.id === 'authentik-jwt')!;
  const lineFor = async (env: Record<string, string>) =>
    (await runChecks([jwtCheck], { config: loadConfig({ ...DIRECTORY, ...env }) } as DoctorContext, { timeoutMs: 2_000 }))[0]!;
  let withKey: AuthentikDouble;
  let proxyProvider: AuthentikDouble;
  beforeAll(async () => {
    withKey = await startAuthentikDouble({ token: 't', ...authentikSeed(), application: { slug: 'streams', signing: 'rsa' } });
    proxyProvider = await startAuthentikDouble({ token: 't', ...authentikSeed(), application: { slug: 'streams' } });
  });
  afterAll(async () => {
    await withKey?.stop();
    await proxyProvider?.stop();
  });

  it('says which mode is active, skipping when nothing is verified', async () => {
    expect(await lineFor({})).toMatchObject({
      status: 'skip',
      detail: expect.stringMatching(/^AUTHENTIK_JWT=if-present, but no key: X-Authentik-Jwt is not verified/),
    });
    expect(await lineFor({ AUTHENTIK_JWT: 'off' })).toMatchObject({ status: 'skip', detail: 'AUTHENTIK_JWT=off: X-Authentik-Jwt is ignored' });
    expect(await lineFor({ IDENTITY: 'ldap-login' })).toMatchObject({ status: 'skip', detail: expect.stringMatching(/IDENTITY=ldap-login/) });
    expect(await lineFor({ AUTHENTIK_JWT: 'require', AUTHENTIK_CLIENT_SECRET: 'c'.repeat(64), AUTHENTIK_CLIENT_ID: 'cid' })).toMatchObject({
      status: 'pass',
      detail: 'AUTHENTIK_JWT=require: X-Authentik-Jwt required on every request, with AUTHENTIK_CLIENT_SECRET (HS256); iss not checked, aud cid',
    });
  });

  it("reads the provider's JWKS: passes with a signing key, fails when it is empty or cannot be read", async () => {
    const jwks = (ak: AuthentikDouble) => ({ AUTHENTIK_JWT: 'require', AUTHENTIK_URL: ak.url, AUTHENTIK_APP_SLUG: 'streams' });
    expect(await lineFor(jwks(withKey))).toMatchObject({
      status: 'pass',
      detail: expect.stringMatching(/required on every request, with the JWKS at .*\/application\/o\/streams\/jwks\/; iss .*; 1 signing key published$/),
    });
    expect(await lineFor(jwks(proxyProvider))).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/publishes no signing key/),
      fix: expect.stringMatching(/AUTHENTIK_CLIENT_SECRET/),
    });
    expect(await lineFor({ AUTHENTIK_URL: withKey.url, AUTHENTIK_APP_SLUG: 'nope' })).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/answered 404/),
    });
    expect(await lineFor({ AUTHENTIK_JWT: 'require', AUTHENTIK_URL: 'http://127.0.0.1:9', AUTHENTIK_APP_SLUG: 'streams' })).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/no answer from http:\/\/127\.0\.0\.1:9/),
    });
  });
});
