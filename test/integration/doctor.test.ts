/**
 * The doctor against a healthy setup (stand-in editor, MediaMTX API double asking the overlay,
 * real slapd, Authentik double, SQLite store, a proxy that behaves like caddy/Caddyfile) and
 * against each broken dependency, where exactly the line that names it must fail.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import getPort from 'get-port';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../server/config/index.ts';
import { runDoctor, type DoctorReport } from '../../server/doctor/index.ts';
import { createLogger } from '../../server/log.ts';
import { authentikSeed, startAuthentikDouble, type AuthentikDouble } from '../doubles/authentik/index.ts';
import { startMediamtxApi, type MediamtxApiDouble } from '../doubles/mediamtx-api/index.ts';
import { stockMediamtxYaml } from '../fixtures/stock-mediamtx.ts';
import { asForwardAuthUser, directoryEnv, PROXY_SECRET, SERVICE_ACCOUNTS_ENV, startStack, type Stack } from '../harness/stack.ts';
import { startStandInProxy, type StandInProxy } from '../harness/stand-in-proxy.ts';
import { runDoctorScript } from '../harness/doctor-script.ts';

const ldap = inject('ldap');
const TOKEN = 'ak-doctor-test-token';
let ak: AuthentikDouble;
let stack: Stack;
let proxy: StandInProxy;
let dataDir: string;
const stops: Array<() => Promise<unknown>> = [];

async function patchMediamtx(url: string, patch: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${url}/v3/config/global/patch`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) });
  expect(res.status).toBe(200);
}

/** A MediaMTX API double of its own, configured with `patch` (the stack's stays healthy). */
async function mediamtxWith(patch: Record<string, unknown>): Promise<MediamtxApiDouble> {
  const double = await startMediamtxApi();
  stops.push(double.stop);
  if (Object.keys(patch).length) await patchMediamtx(double.url, patch);
  return double;
}

beforeAll(async () => {
  ak = await startAuthentikDouble({ token: TOKEN, ...authentikSeed() });
  stack = await startStack({ mode: 'forward-auth', ldap, env: { AUTHENTIK_URL: ak.url, AUTHENTIK_TOKEN: TOKEN } });
  await patchMediamtx(stack.mediamtx.url, { authMethod: 'http', authHTTPAddress: `${stack.overlay.url}/auth/mediamtx` });
  proxy = await startStandInProxy(stack.overlay.url, { strip: true, secret: PROXY_SECRET });
  dataDir = await mkdtemp(join(tmpdir(), 'doctor-data-'));
});

afterAll(async () => {
  for (const stop of stops) await stop();
  await proxy?.stop();
  await stack?.stop();
  await ak?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** The configuration `npm run doctor` would read for this setup; `undefined` removes a variable. */
function doctorEnv(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    HOST: '127.0.0.1',
    PORT: new URL(stack.overlay.url).port,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    EDITOR_URL: stack.editor.url,
    MEDIAMTX_API_URL: stack.mediamtx.url,
    ...SERVICE_ACCOUNTS_ENV,
    ...directoryEnv(ldap),
    AUTHENTIK_URL: ak.url,
    AUTHENTIK_TOKEN: TOKEN,
    STREAM_URL: proxy.url,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

async function doctor(overrides: Record<string, string | undefined> = {}, timeoutMs?: number): Promise<DoctorReport> {
  const config = loadConfig(doctorEnv(overrides));
  return runDoctor({ config, overlayPort: config.port, log: createLogger('silent') }, { timeoutMs });
}

const failing = (report: DoctorReport) => report.checks.filter((c) => c.status === 'fail').map((c) => c.id);
const check = (report: DoctorReport, id: string) => report.checks.find((c) => c.id === id)!;
const closedPort = async () => `http://127.0.0.1:${await getPort()}`;
const NO_LDAP = { LDAP_URL: undefined, LDAP_BIND_DN: undefined, LDAP_BIND_PASSWORD: undefined, LDAP_BASE_DN: undefined };

describe('a healthy setup', () => {
  it("passes every check, in the fixed order; Authentik's groups are skipped because LDAP is read", async () => {
    const report = await doctor();
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['editor', 'pass'],
      ['editor-admin', 'pass'],
      ['editor-viewer', 'pass'],
      ['mediamtx-api', 'pass'],
      ['mediamtx-auth', 'pass'],
      ['mediamtx-trusted-proxies', 'pass'],
      ['ldap-bind', 'pass'],
      ['ldap-bases', 'pass'],
      ['ldap-groups', 'pass'],
      ['ldap-search', 'pass'],
      ['authentik-token', 'pass'],
      ['authentik-groups', 'skip'],
      ['authentik-jwt', 'skip'],
      ['store', 'pass'],
      ['proxy-secret', 'pass'],
      ['client-addresses', 'skip'],
      ['proxy-strips', 'pass'],
    ]);
    expect(report.ok).toBe(true);
    expect(check(report, 'ldap-groups').detail).toMatch(/vid_private.*vid_public/);
    expect(JSON.stringify(report)).not.toMatch(/-pass\b|test-proxy-secret/);
  });

  it('reads groups from Authentik when there is no LDAP', async () => {
    const report = await doctor(NO_LDAP);
    expect(failing(report)).toEqual([]);
    expect(check(report, 'authentik-groups').status).toBe('pass');
    expect(check(report, 'ldap-bind')).toMatchObject({ status: 'skip', detail: expect.stringMatching(/LDAP_URL is not set/) });
    expect(failing(await doctor({ ...NO_LDAP, DEFAULT_GROUPS: 'vid_public,vid_gone' }))).toEqual(['authentik-groups']);
  });

  it('skips everything but the editor in vanilla mode', async () => {
    const config = loadConfig({ EDITOR_URL: stack.editor.url });
    const report = await runDoctor({ config, overlayPort: config.port, log: createLogger('silent') });
    expect(report.checks.filter((c) => c.status !== 'skip').map((c) => c.id)).toEqual(['editor']);
    expect(report.ok).toBe(true);
  });
});

describe('exactly the broken dependency fails', () => {
  it.each([
    ['the editor is down', async () => ({ EDITOR_URL: await closedPort() }), 'editor', /no answer from/],
    ['the admin service password is wrong', async () => ({ EDITOR_ADMIN_PASSWORD: 'wrong' }), 'editor-admin', /refused EDITOR_ADMIN_USER=editor-admin/],
    [
      'the viewer service account is an admin',
      async () => ({ EDITOR_VIEWER_USER: 'editor-admin', EDITOR_VIEWER_PASSWORD: 'editor-admin-pass' }),
      'editor-viewer',
      /has the admin role/,
    ],
    ['the MediaMTX API is down', async () => ({ MEDIAMTX_API_URL: await closedPort() }), 'mediamtx-api', /no answer from/],
    [
      'MediaMTX asks another address',
      async () => ({ MEDIAMTX_API_URL: (await mediamtxWith({ authMethod: 'http', authHTTPAddress: 'http://127.0.0.1:9/auth/mediamtx' })).url }),
      'mediamtx-auth',
      /authHTTPAddress is "http:\/\/127\.0\.0\.1:9\/auth\/mediamtx"/,
    ],
    ['MediaMTX still uses internal auth', async () => ({ MEDIAMTX_API_URL: (await mediamtxWith({})).url }), 'mediamtx-auth', /authMethod is "internal"/],
    ['the LDAP bind is refused', async () => ({ LDAP_BIND_PASSWORD: 'wrong' }), 'ldap-bind', /wrong DN or password/],
    ['a base DN does not exist', async () => ({ LDAP_GROUP_BASE: `ou=nowhere,${ldap.baseDN}` }), 'ldap-bases', /LDAP_GROUP_BASE=ou=nowhere/],
    ['a default group is missing', async () => ({ DEFAULT_GROUPS: 'vid_public,vid_gone' }), 'ldap-groups', /vid_gone not found in ou=groups,/],
    ['no admin group exists', async () => ({ ADMIN_GROUPS: 'vid_nobody' }), 'ldap-groups', /vid_nobody not found; none of ADMIN_GROUPS \(vid_nobody\) exists/],
    ['the service account sees only itself', async () => ({ LDAP_USER_BASE: ldap.serviceDN }), 'ldap-search', /finds no user but itself/],
    ['the Authentik token is refused', async () => ({ AUTHENTIK_TOKEN: 'not-the-token' }), 'authentik-token', /refused the token \(401\)/],
    [
      "the provider's JWKS is not there",
      async () => ({ AUTHENTIK_JWT: 'require', AUTHENTIK_APP_SLUG: 'streams' }),
      'authentik-jwt',
      /\/application\/o\/streams\/jwks\/ answered 404/,
    ],
    ['the store cannot be written', async () => ({ DATA_DIR: await fileInPlaceOfDir() }), 'store', /.+/],
    ['PROXY_SECRET is short', async () => ({ PROXY_SECRET: 'sixteen-chars-ok' }), 'proxy-secret', /16 characters; at least 32/],
    [
      'ldap-login behind a proxy with neither PROXY_SECRET nor TRUSTED_PROXIES',
      async () => ({ IDENTITY: 'ldap-login', PROXY_SECRET: undefined }),
      'client-addresses',
      /neither PROXY_SECRET nor TRUSTED_PROXIES is set/,
    ],
    [
      'the proxy passes forged headers',
      async () => ({ STREAM_URL: await proxyWith({ strip: false, secret: null }) }),
      'proxy-strips',
      /forged X-Authentik-\* headers reached the overlay/,
    ],
    [
      'the proxy forgets the secret',
      async () => ({ STREAM_URL: await proxyWith({ strip: true, secret: null }) }),
      'proxy-strips',
      /did not add X-Overlay-Proxy-Secret/,
    ],
  ] as const)('%s', async (_case, overrides, id, detail) => {
    const report = await doctor(await overrides());
    expect(failing(report)).toEqual([id]);
    expect(check(report, id).detail).toMatch(detail);
    expect(check(report, id).fix).toBeTruthy();
    expect(report.ok).toBe(false);
  });

  it('fails when the stock internal users meet a reverse proxy MediaMTX does not trust, and passes once it does', async () => {
    const stock = { MEDIAMTX_CONFIG_FILE: await stockConfigFile() };
    const report = await doctor(stock);
    expect(failing(report)).toEqual(['mediamtx-trusted-proxies']);
    expect(check(report, 'mediamtx-trusted-proxies').detail).toMatch(/^internal user #0 \(any\) lets anyone from 127\.0\.0\.1, ::1 read, publish/);
    expect(check(report, 'mediamtx-trusted-proxies').fix).toContain("hlsTrustedProxies: ['127.0.0.1', '::1'], webrtcTrustedProxies: ['127.0.0.1', '::1']");
    const trusted = await mediamtxWith({
      authMethod: 'http',
      authHTTPAddress: `${stack.overlay.url}/auth/mediamtx`,
      hlsTrustedProxies: ['127.0.0.1', '::1'],
      webrtcTrustedProxies: ['127.0.0.1', '::1'],
      playbackTrustedProxies: ['127.0.0.1', '::1'],
    });
    const fixed = await doctor({ ...stock, MEDIAMTX_API_URL: trusted.url });
    expect(failing(fixed)).toEqual([]);
    expect(check(fixed, 'mediamtx-trusted-proxies').detail).toBe(
      'MediaMTX treats 127.0.0.1, ::1 as the reverse proxy (hlsTrustedProxies, webrtcTrustedProxies)',
    );
  });

  it('skips what depends on a failed check, naming it', async () => {
    const report = await doctor({ LDAP_BIND_PASSWORD: 'wrong' });
    for (const id of ['ldap-bases', 'ldap-groups', 'ldap-search']) {
      expect(check(report, id)).toMatchObject({ status: 'skip', detail: 'needs "LDAP service account binds" to pass first' });
    }
  });

  it('fails a dependency that accepts connections but never answers, within the timeout', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    stops.push(
      () =>
        new Promise((resolve) => {
          silent.close(resolve);
          for (const socket of sockets) socket.destroy();
        }),
    );
    const report = await doctor({ EDITOR_URL: `http://127.0.0.1:${(silent.address() as { port: number }).port}` }, 300);
    expect(failing(report)).toEqual(['editor']);
    expect(check(report, 'editor').detail).toBe('no answer within 0.3 s');
  });

  it('refuses a token whose user is not a superuser', async () => {
    const limited = await startAuthentikDouble({ token: TOKEN, ...authentikSeed(), tokenOwner: { username: 'alice', superuser: false } });
    stops.push(limited.stop);
    const report = await doctor({ AUTHENTIK_URL: limited.url });
    expect(failing(report)).toEqual(['authentik-token']);
    expect(check(report, 'authentik-token').detail).toMatch(/alice, who is not a superuser/);
  });

  it("checks MediaMTX's JWT settings in JWT mode", async () => {
    const port = new URL(stack.overlay.url).port;
    const jwt = await mediamtxWith({ authMethod: 'jwt', authJWTJWKS: `http://localhost:${port}/.well-known/jwks.json` });
    const jwtEnv = { MEDIAMTX_AUTH: 'jwt', SIGNING_KEY_ROTATION: '24h' };
    expect(failing(await doctor({ ...jwtEnv, MEDIAMTX_API_URL: jwt.url }))).toEqual([]);
    const report = await doctor({ ...jwtEnv });
    expect(failing(report)).toEqual(['mediamtx-auth']);
    expect(check(report, 'mediamtx-auth').fix).toContain(`authJWTJWKS: http://127.0.0.1:${port}/.well-known/jwks.json`);
    expect(failing(await doctor({ ...jwtEnv, MEDIAMTX_API_URL: jwt.url, JWT_ISSUER: 'https://streams.example.org' }))).toEqual(['mediamtx-auth']);
  });
});

/** The stock installer's mediamtx.yml: `any` from 127.0.0.1/::1 may read and publish. */
async function stockConfigFile(): Promise<string> {
  const file = join(dataDir, 'stock-mediamtx.yml');
  await writeFile(file, stockMediamtxYaml('hlsviewer-pass'));
  return file;
}

async function fileInPlaceOfDir(): Promise<string> {
  const file = join(dataDir, 'not-a-directory');
  await writeFile(file, '');
  return join(file, 'data');
}

async function proxyWith(options: { strip: boolean; secret: string | null }): Promise<string> {
  const leaky = await startStandInProxy(stack.overlay.url, options);
  stops.push(leaky.stop);
  return leaky.url;
}

describe('GET /_overlay/api/doctor and the echo probe', () => {
  it('gives admins the report as JSON, checking MediaMTX against the port the overlay really serves on', async () => {
    const res = await fetch(`${stack.overlay.url}/_overlay/api/doctor`, { headers: asForwardAuthUser('demo-admin', ['vid_admin']) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as DoctorReport;
    expect(body.ok).toBe(true);
    expect(body.checks.map((c) => c.id)).toHaveLength(17);
    expect(body.checks.find((c) => c.id === 'mediamtx-auth')!.status).toBe('pass');
    expect(body.checks.find((c) => c.id === 'proxy-strips')).toMatchObject({ status: 'skip', detail: expect.stringMatching(/STREAM_URL is not set/) });
  });

  it('refuses viewers', async () => {
    const res = await fetch(`${stack.overlay.url}/_overlay/api/doctor`, { headers: asForwardAuthUser('demo-viewer', ['vid_public']) });
    expect(res.status).toBe(403);
  });

  it("answers the probe to anyone with booleans only, never a header's value", async () => {
    const res = await fetch(`${stack.overlay.url}/_overlay/public/echo-probe`, {
      headers: { 'X-Authentik-Username': 'forged-name', 'X-Overlay-Proxy-Secret': 'forged-secret' },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ probe: 'overlay-echo', identityHeaders: true, proxySecretPresent: true, proxySecretValid: false });
    expect(text).not.toMatch(/forged/);
  });
});

describe('npm run doctor (scripts/doctor.ts as a child process)', () => {
  it('prints one line per check and exits 0 when all is well', async () => {
    const run = await runDoctorScript(doctorEnv());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^✔ Editor answers: /m);
    expect(run.stdout).toMatch(/^– Stream groups exist in Authentik: LDAP_URL is set/m);
    expect(run.stdout).toMatch(/^– Forward auth verifies X-Authentik-Jwt: AUTHENTIK_JWT=if-present, but no key: X-Authentik-Jwt is not verified/m);
    expect(run.stdout).toMatch(/14 passed, 0 failed, 3 skipped/);
  });

  it('fails the trusted-proxies line on the stock internal users, with the settings to apply', async () => {
    const run = await runDoctorScript(doctorEnv({ MEDIAMTX_CONFIG_FILE: await stockConfigFile() }));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^✘ MediaMTX sees readers behind the reverse proxy by their own address: internal user #0 \(any\) lets anyone from 127\.0\.0\.1, ::1 read, publish, and MediaMTX reports every HLS and WebRTC client behind the proxy/m,
    );
    expect(run.stdout).toContain(
      "    fix: Run `npm run mediamtx-settings -- --apply`, or set in mediamtx.yml hlsTrustedProxies: ['127.0.0.1', '::1'], webrtcTrustedProxies: ['127.0.0.1', '::1'] and restart MediaMTX",
    );
  });

  it('exits non-zero and prints the failing line with its fix', async () => {
    const run = await runDoctorScript(doctorEnv({ EDITOR_ADMIN_PASSWORD: 'wrong' }));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^✘ Editor admin account \(EDITOR_ADMIN_USER\) logs in with the admin role: the editor refused/m);
    expect(run.stdout).toMatch(/^ {4}fix: Check EDITOR_ADMIN_USER and EDITOR_ADMIN_PASSWORD/m);
  });

  it('exits 2 on a configuration the overlay would refuse', async () => {
    const run = await runDoctorScript(doctorEnv({ PORT: 'not-a-port' }));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/PORT:/);
  });
});
