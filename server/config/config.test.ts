import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index.ts';

const DIRECTORY = {
  LDAP_URL: 'ldap://127.0.0.1:3389',
  LDAP_BIND_DN: 'cn=svc,ou=users,dc=x',
  LDAP_BIND_PASSWORD: 'pw',
  EDITOR_ADMIN_USER: 'a',
  EDITOR_ADMIN_PASSWORD: 'ap',
  EDITOR_VIEWER_USER: 'v',
  EDITOR_VIEWER_PASSWORD: 'vp',
  PROXY_SECRET: 'x'.repeat(32),
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('is vanilla with documented defaults when no directory is configured', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      mode: 'vanilla',
      host: '127.0.0.1',
      port: 8080,
      editorUrl: 'http://127.0.0.1:5080',
      mediamtxApiUrl: 'http://127.0.0.1:9898',
      groupPrefix: 'vid_',
      adminGroups: ['vid_admin', 'authentik Admins'],
      requestAccessUrl: '/request-access',
      defaultGroups: ['vid_public', 'vid_private'],
      storeUrl: null,
      dataDir: './data',
      playbackTokenTtlMs: 3_600_000,
      signingKeyRotationMs: 86_400_000,
      mediamtxAuth: 'http',
      jwtTtlMs: 600_000,
      jwtIssuer: null,
      jwtAudience: null,
      viewerShareLinks: true,
      publishGroups: ['vid_admin', 'authentik Admins'],
      directoryGraceMs: 600_000,
      revocationIntervalMs: 2_000,
      authAllowedIps: null,
      mediamtxTrustedProxies: ['127.0.0.1', '::1'],
      mediamtxConfigFile: null,
      editorAccounts: null,
      ldap: null,
      directoryWrite: null,
      takPortalUrl: null,
    });
    expect(config.modeReason).toMatch(/neither LDAP_URL nor AUTHENTIK_URL/);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.adminGroups)).toBe(true);
  });

  it('turns directory mode on with LDAP_URL and derives the Authentik-style bases', () => {
    const config = loadConfig(DIRECTORY);
    expect(config.mode).toBe('directory');
    expect(config.modeReason).toBe('LDAP_URL is set');
    expect(config.identity).toBe('forward-auth');
    expect(config.ldap).toMatchObject({
      baseDN: 'DC=ldap,DC=goauthentik,DC=io',
      userBase: 'ou=users,DC=ldap,DC=goauthentik,DC=io',
      groupBase: 'ou=groups,DC=ldap,DC=goauthentik,DC=io',
      userAttr: 'cn',
      memberAttr: 'member',
      timeoutMs: 5000,
    });
    expect(loadConfig({ ...DIRECTORY, LDAP_BASE_DN: 'dc=example,dc=org' }).ldap?.groupBase).toBe('ou=groups,dc=example,dc=org');
  });

  it('turns directory mode on with AUTHENTIK_URL alone', () => {
    const { LDAP_URL, LDAP_BIND_DN, LDAP_BIND_PASSWORD, ...rest } = DIRECTORY;
    const config = loadConfig({ ...rest, AUTHENTIK_URL: 'https://auth.example.org/' });
    expect(config).toMatchObject({ mode: 'directory', modeReason: 'AUTHENTIK_URL is set', ldap: null, authentik: { url: 'https://auth.example.org' } });
  });

  it('parses durations, lists and trims values', () => {
    const config = loadConfig({ ...DIRECTORY, DIRECTORY_CACHE_TTL: '2m', SESSION_TTL: '90s', ADMIN_GROUPS: ' vid_admin , Ops Leads ,', PORT: ' 9000 ' });
    expect(config.directoryCacheTtlMs).toBe(120_000);
    expect(config.sessionTtlMs).toBe(90_000);
    expect(config.adminGroups).toEqual(['vid_admin', 'Ops Leads']);
    expect(config.port).toBe(9000);
    expect(loadConfig({ ...DIRECTORY, REVOCATION_INTERVAL: '0' }).revocationIntervalMs).toBe(0);
    // Days (ACTIVITY_RETENTION's unit) join ms, s, m and h; a bare number is still milliseconds.
    expect(loadConfig(DIRECTORY).activityRetentionMs).toBe(90 * 86_400_000);
    expect(loadConfig({ ...DIRECTORY, ACTIVITY_RETENTION: '7d' }).activityRetentionMs).toBe(7 * 86_400_000);
    expect(loadConfig({ ...DIRECTORY, DIRECTORY_CACHE_TTL: '1d', SESSION_TTL: '1500' })).toMatchObject({ directoryCacheTtlMs: 86_400_000, sessionTtlMs: 1500 });
    expect(loadConfig({ ...DIRECTORY, MEDIAMTX_TRUSTED_PROXIES: ' 10.213.37.10 , fd00::/64 ' }).mediamtxTrustedProxies).toEqual(['10.213.37.10', 'fd00::/64']);
  });

  it.each([
    [{ PORT: 'eighty' }, /^PORT: .*number.*example: PORT=8080/],
    [{ PORT: '70000' }, /^PORT: /],
    [{ EDITOR_URL: 'localhost:5080' }, /^EDITOR_URL: must be an http:\/\/ or https:\/\/ URL \(example: EDITOR_URL=http:\/\/127\.0\.0\.1:5080\)/],
    [{ MEDIAMTX_API_URL: 'ftp://x' }, /^MEDIAMTX_API_URL: must be an http/],
    [{ LDAP_URL: 'http://dir' }, /^LDAP_URL: must be an ldap:\/\/ or ldaps:\/\/ URL/],
    [{ IDENTITY: 'saml' }, /^IDENTITY: .*example: IDENTITY=ldap-login/],
    [{ PROXY_SECRET: 'short' }, /^PROXY_SECRET: must be at least 16 characters/],
    [{ SESSION_SECRET: 'short' }, /^SESSION_SECRET: must be at least 32 characters/],
    [{ DIRECTORY_CACHE_TTL: 'soon' }, /^DIRECTORY_CACHE_TTL: must be a duration such as/],
    [{ LDAP_TIMEOUT: '5 s' }, /^LDAP_TIMEOUT: must be a duration/],
    [{ LDAP_USER_ATTR: 'uid)(x' }, /^LDAP_USER_ATTR: must be an attribute name/],
    [{ ADMIN_GROUPS: ' , ' }, /^ADMIN_GROUPS: must name at least one group/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: /],
    [{ COOKIE_SECURE: 'yes' }, /^COOKIE_SECURE: /],
    [{ STORE_URL: 'memcached://x' }, /^STORE_URL: must be a redis:\/\/ or rediss:\/\/ URL/],
    [{ DEFAULT_GROUPS: 'vid_public,everyone' }, /^DEFAULT_GROUPS: every group must start with GROUP_PREFIX "vid_"; not: everyone/],
    [{ PLAYBACK_TOKEN_TTL: '2h', SIGNING_KEY_ROTATION: '1h' }, /^SIGNING_KEY_ROTATION: must be at least PLAYBACK_TOKEN_TTL/],
    [{ VIEWER_SHARE_LINKS: 'maybe' }, /^VIEWER_SHARE_LINKS: /],
    [{ MEDIAMTX_AUTH: 'basic' }, /^MEDIAMTX_AUTH: .*example: MEDIAMTX_AUTH=jwt/],
    [{ JWT_TTL: 'ten minutes' }, /^JWT_TTL: must be a duration/],
    [{ JWT_TTL: '500ms' }, /^JWT_TTL: must be at least 1s/],
    [{ MEDIAMTX_AUTH: 'jwt', SIGNING_KEY_ROTATION: '1h' }, /^SIGNING_KEY_ROTATION: must be at least 2h with MEDIAMTX_AUTH=jwt/],
    [{ MEDIAMTX_AUTH: 'jwt', JWT_TTL: '3h', SIGNING_KEY_ROTATION: '2h' }, /^SIGNING_KEY_ROTATION: must be at least JWT_TTL/],
    [{ AUTH_ALLOWED_IPS: '127.0.0.1,mediamtx' }, /^AUTH_ALLOWED_IPS: "mediamtx" is not an IP address or CIDR/],
    [{ MEDIAMTX_TRUSTED_PROXIES: '127.0.0.1,caddy' }, /^MEDIAMTX_TRUSTED_PROXIES: "caddy" is not an IP address or CIDR \(MediaMTX takes no host names\)/],
    [{ MEDIAMTX_TRUSTED_PROXIES: '10.0.0.0/33' }, /^MEDIAMTX_TRUSTED_PROXIES: "10.0.0.0\/33" is not an IP address or CIDR/],
    [{ MEDIAMTX_TRUSTED_PROXIES: '127.1' }, /^MEDIAMTX_TRUSTED_PROXIES: "127.1" is not an IP address or CIDR/],
    [
      { MEDIAMTX_TRUSTED_PROXIES: '0.0.0.0/0' },
      /^MEDIAMTX_TRUSTED_PROXIES: "0.0.0.0\/0" trusts every address: anyone could claim any address with X-Forwarded-For/,
    ],
    [{ MEDIAMTX_TRUSTED_PROXIES: '::/0' }, /^MEDIAMTX_TRUSTED_PROXIES: "::\/0" trusts every address/],
    [{ DIRECTORY_GRACE: 'forever' }, /^DIRECTORY_GRACE: must be a duration/],
    [{ REVOCATION_INTERVAL: 'often' }, /^REVOCATION_INTERVAL: must be a duration/],
    [{ ACTIVITY_RETENTION: '90 days' }, /^ACTIVITY_RETENTION: must be a duration such as 500ms, 30s, 10m, 8h or 90d/],
    [{ ACTIVITY_RETENTION: '30m' }, /^ACTIVITY_RETENTION: must be at least 1h/],
    [{ DIRECTORY_WRITE: 'authentik' }, /^DIRECTORY_WRITE: .*example: DIRECTORY_WRITE=ldap/],
    [{ TAK_PORTAL_URL: 'portal' }, /^TAK_PORTAL_URL: must be an http/],
  ])('reports %o clearly', (env, message) => {
    const problems = problemsOf({ ...DIRECTORY, ...env });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('reads the JWT mode settings, and checks their timing only in JWT mode', () => {
    const config = loadConfig({ ...DIRECTORY, MEDIAMTX_AUTH: 'jwt', JWT_TTL: '5m', JWT_ISSUER: ' https://streams.example.org ', JWT_AUDIENCE: 'mediamtx' });
    expect(config).toMatchObject({ mediamtxAuth: 'jwt', jwtTtlMs: 300_000, jwtIssuer: 'https://streams.example.org', jwtAudience: 'mediamtx' });
    expect(loadConfig({ ...DIRECTORY, SIGNING_KEY_ROTATION: '1h' }).mediamtxAuth).toBe('http');
  });

  it('requires what directory mode needs, naming each variable', () => {
    const problems = problemsOf({ LDAP_URL: 'ldap://127.0.0.1:389' });
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'EDITOR_ADMIN_USER',
      'EDITOR_ADMIN_PASSWORD',
      'EDITOR_VIEWER_USER',
      'EDITOR_VIEWER_PASSWORD',
      'PROXY_SECRET',
      'LDAP_BIND_DN',
      'LDAP_BIND_PASSWORD',
    ]);
    expect(problems[4]).toMatch(/required when IDENTITY=forward-auth/);
  });

  it('refuses ldap-login without LDAP_URL and a token without its URL', () => {
    const { LDAP_URL, LDAP_BIND_DN, LDAP_BIND_PASSWORD, ...rest } = DIRECTORY;
    expect(problemsOf({ ...rest, AUTHENTIK_URL: 'https://a.example', IDENTITY: 'ldap-login' })).toEqual([
      expect.stringMatching(/^LDAP_URL: required when IDENTITY=ldap-login/),
    ]);
    expect(problemsOf({ AUTHENTIK_TOKEN: 't' })).toEqual([expect.stringMatching(/^AUTHENTIK_URL: required when AUTHENTIK_TOKEN is set/)]);
  });

  it('picks who writes group changes: Authentik (URL and token) over LDAP, else nobody', () => {
    const { LDAP_URL, LDAP_BIND_DN, LDAP_BIND_PASSWORD, ...rest } = DIRECTORY;
    const authentik = { AUTHENTIK_URL: 'https://a.example', AUTHENTIK_TOKEN: 't' };
    expect(loadConfig(DIRECTORY).directoryWrite).toBeNull();
    expect(loadConfig({ ...DIRECTORY, DIRECTORY_WRITE: 'ldap' }).directoryWrite).toBe('ldap');
    expect(loadConfig({ ...DIRECTORY, DIRECTORY_WRITE: 'ldap', ...authentik }).directoryWrite).toBe('authentik');
    expect(loadConfig({ ...rest, ...authentik }).directoryWrite).toBe('authentik');
    expect(loadConfig({ ...rest, AUTHENTIK_URL: 'https://a.example' }).directoryWrite).toBeNull();
    expect(problemsOf({ ...rest, ...authentik, DIRECTORY_WRITE: 'ldap' })).toEqual([expect.stringMatching(/^LDAP_URL: required when DIRECTORY_WRITE=ldap/)]);
    expect(loadConfig({ ...DIRECTORY, TAK_PORTAL_URL: 'https://portal.example.org/' }).takPortalUrl).toBe('https://portal.example.org');
    expect(loadConfig({ ...DIRECTORY, TAKPORTAL_URL: 'https://portal.example.org' }).takPortalUrl).toBe('https://portal.example.org');
    expect(loadConfig({ ...DIRECTORY, TAKPORTAL_URL: 'https://portal.example.org', TAK_PORTAL_URL: 'https://portal.example.org/' }).takPortalUrl).toBe(
      'https://portal.example.org',
    );
    expect(problemsOf({ ...DIRECTORY, TAKPORTAL_URL: 'https://a.example.org', TAK_PORTAL_URL: 'https://b.example.org' })).toEqual([
      expect.stringMatching(/^TAKPORTAL_URL: names another address than TAK_PORTAL_URL/),
    ]);
  });

  it('does not need PROXY_SECRET for ldap-login', () => {
    const { PROXY_SECRET, ...rest } = DIRECTORY;
    expect(loadConfig({ ...rest, IDENTITY: 'ldap-login' }).proxySecret).toBeNull();
  });

  it("reads STREAM_URL for the doctor's proxy probe, unset by default", () => {
    expect(loadConfig(DIRECTORY).streamUrl).toBeNull();
    expect(loadConfig({ ...DIRECTORY, STREAM_URL: 'https://stream.example.org/' }).streamUrl).toBe('https://stream.example.org');
    expect(problemsOf({ ...DIRECTORY, STREAM_URL: 'stream.example.org' })).toEqual([
      expect.stringMatching(/^STREAM_URL: must be an http:\/\/ or https:\/\/ URL/),
    ]);
  });

  it('reads the SMTP relay for access-request email, and needs SMTP_URL, SMTP_FROM and ADMIN_EMAILS together', () => {
    expect(loadConfig(DIRECTORY)).toMatchObject({ smtp: null, adminEmails: [] });
    const smtp = {
      SMTP_URL: 'smtps://user:pass@relay.example.org:465',
      SMTP_FROM: 'Streams <streams@example.org>',
      ADMIN_EMAILS: 'ops@example.org, lead@example.org',
    };
    expect(loadConfig({ ...DIRECTORY, ...smtp })).toMatchObject({
      smtp: { url: 'smtps://user:pass@relay.example.org:465', from: 'Streams <streams@example.org>' },
      adminEmails: ['ops@example.org', 'lead@example.org'],
    });
    expect(problemsOf({ ...DIRECTORY, SMTP_URL: 'smtp://relay:25', SMTP_FROM: 'streams@example.org' })).toEqual([
      expect.stringMatching(/^ADMIN_EMAILS: required when SMTP_URL is set/),
    ]);
    expect(problemsOf({ ...DIRECTORY, SMTP_URL: 'smtp://relay:25', ADMIN_EMAILS: 'ops@example.org' })).toEqual([
      expect.stringMatching(/^SMTP_FROM: required when SMTP_URL is set/),
    ]);
    expect(problemsOf({ ...DIRECTORY, ADMIN_EMAILS: 'ops@example.org' })).toEqual([expect.stringMatching(/^SMTP_URL: required when ADMIN_EMAILS is set/)]);
    expect(problemsOf({ ...DIRECTORY, ...smtp, SMTP_URL: 'http://relay' })).toEqual([
      expect.stringMatching(/^SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/),
    ]);
    expect(problemsOf({ ...DIRECTORY, ...smtp, ADMIN_EMAILS: 'ops@example.org,ops' })).toEqual([
      expect.stringMatching(/^ADMIN_EMAILS: must be email addresses/),
    ]);
    expect(problemsOf({ ...DIRECTORY, ...smtp, SMTP_FROM: 'Streams' })).toEqual([expect.stringMatching(/^SMTP_FROM: must be an email address/)]);
  });

  it('reads OVERLAY_INTERNAL_URL, else derives it from HOST and PORT with wildcards made loopback', () => {
    expect(loadConfig({}).overlayInternalUrl).toBe('http://127.0.0.1:8080');
    expect(loadConfig({ OVERLAY_INTERNAL_URL: 'http://overlay.internal:8080/' }).overlayInternalUrl).toBe('http://overlay.internal:8080');
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '9000' }).overlayInternalUrl).toBe('http://127.0.0.1:9000');
    expect(loadConfig({ HOST: '::' }).overlayInternalUrl).toBe('http://[::1]:8080');
    expect(loadConfig({ HOST: 'fd00::5' }).overlayInternalUrl).toBe('http://[fd00::5]:8080');
    expect(problemsOf({ OVERLAY_INTERNAL_URL: '127.0.0.1:8080' })).toEqual([
      expect.stringMatching(/^OVERLAY_INTERNAL_URL: must be an http:\/\/ or https:\/\/ URL/),
    ]);
  });

  it('reads the forward-auth JWT settings: if-present by default, the client secret over the JWKS, the issuer from the slug', () => {
    expect(loadConfig(DIRECTORY).authentikJwt).toEqual({ mode: 'if-present', key: null, issuer: null, audience: null });
    const ak = { ...DIRECTORY, AUTHENTIK_URL: 'https://auth.example.org/', AUTHENTIK_APP_SLUG: 'streams' };
    expect(loadConfig({ ...ak, AUTHENTIK_JWT: 'require', AUTHENTIK_CLIENT_ID: 'cid' }).authentikJwt).toEqual({
      mode: 'require',
      key: { kind: 'jwks', url: 'https://auth.example.org/application/o/streams/jwks/' },
      issuer: 'https://auth.example.org/application/o/streams/',
      audience: 'cid',
    });
    const secret = 'c'.repeat(64);
    expect(
      loadConfig({ ...ak, AUTHENTIK_CLIENT_SECRET: secret, AUTHENTIK_JWT_ISSUER: 'https://sso.example.org/application/o/streams/' }).authentikJwt,
    ).toMatchObject({
      key: { kind: 'client-secret', secret },
      issuer: 'https://sso.example.org/application/o/streams/',
    });
    expect(loadConfig({ ...DIRECTORY, AUTHENTIK_JWT: 'require', AUTHENTIK_CLIENT_SECRET: secret }).authentikJwt).toMatchObject({
      mode: 'require',
      issuer: null,
    });
    expect(loadConfig({ ...DIRECTORY, AUTHENTIK_JWT: 'off' }).authentikJwt.mode).toBe('off');
  });

  it('refuses require without a key, require with ldap-login, a slug without AUTHENTIK_URL and bad values', () => {
    expect(problemsOf({ ...DIRECTORY, AUTHENTIK_JWT: 'require' })).toEqual([
      expect.stringMatching(/^AUTHENTIK_JWT: require needs a key .*AUTHENTIK_CLIENT_SECRET.*AUTHENTIK_APP_SLUG/),
    ]);
    expect(problemsOf({ ...DIRECTORY, AUTHENTIK_JWT: 'require', AUTHENTIK_URL: 'https://auth.example.org' })).toEqual([
      expect.stringMatching(/^AUTHENTIK_JWT: require needs a key/),
    ]);
    expect(problemsOf({ ...DIRECTORY, IDENTITY: 'ldap-login', AUTHENTIK_JWT: 'require', AUTHENTIK_CLIENT_SECRET: 'c'.repeat(64) })).toEqual([
      expect.stringMatching(/^AUTHENTIK_JWT: require applies to IDENTITY=forward-auth only/),
    ]);
    expect(problemsOf({ ...DIRECTORY, AUTHENTIK_JWT: 'require', AUTHENTIK_APP_SLUG: 'streams' })).toEqual([
      expect.stringMatching(/^AUTHENTIK_APP_SLUG: needs AUTHENTIK_URL/),
    ]);
    expect(problemsOf({ ...DIRECTORY, AUTHENTIK_JWT: 'always' })).toEqual([expect.stringMatching(/^AUTHENTIK_JWT: .*"require"/)]);
    expect(problemsOf({ ...DIRECTORY, AUTHENTIK_APP_SLUG: 'streams/../x', AUTHENTIK_URL: 'https://auth.example.org' })).toEqual([
      expect.stringMatching(/^AUTHENTIK_APP_SLUG: must be an application slug/),
    ]);
    expect(problemsOf({ ...DIRECTORY, AUTHENTIK_CLIENT_SECRET: 'short' })).toEqual([expect.stringMatching(/^AUTHENTIK_CLIENT_SECRET: must be at least 16/)]);
    expect(problemsOf({ ...DIRECTORY, AUTHENTIK_JWT_ISSUER: 'auth.example.org' })).toEqual([expect.stringMatching(/^AUTHENTIK_JWT_ISSUER: must be an http/)]);
  });

  it('reports every bad value at once', () => {
    expect(problemsOf({ ...DIRECTORY, PORT: 'x', EDITOR_URL: 'y', LOG_LEVEL: 'z' })).toHaveLength(3);
  });
});
