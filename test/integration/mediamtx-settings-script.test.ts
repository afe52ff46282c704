/** `npm run mediamtx-settings` as a child process: YAML on stdout, messages on stderr, exit status. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import getPort from 'get-port';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { AUTHENTIK_DIRECTORY_ENV as DIRECTORY } from '../../server/config/test-fixtures.ts';
import { startMediamtxApi, type MediamtxApiDouble } from '../doubles/mediamtx-api/index.ts';

const EXCLUDE = [{ action: 'api' }, { action: 'metrics' }, { action: 'pprof' }];
const LOOPBACK = ['127.0.0.1', '::1'];
/** MediaMTX believes X-Forwarded-For only from these: the reverse proxy (loopback by default). */
const TRUSTED = { hlsTrustedProxies: LOOPBACK, webrtcTrustedProxies: LOOPBACK, playbackTrustedProxies: LOOPBACK };

let mediamtx: MediamtxApiDouble;
let dataDir: string;
beforeAll(async () => {
  mediamtx = await startMediamtxApi();
  dataDir = await mkdtemp(path.join(tmpdir(), 'mediamtx-settings-script-'));
});
afterAll(async () => {
  await mediamtx?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Runs the script with exactly this environment (plus PATH and HOME for npx) and stdin closed. */
async function run(env: Record<string, string>, args: string[] = []) {
  const child = spawn('npx', ['node', '--disable-warning=ExperimentalWarning', 'scripts/mediamtx-settings.ts', ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, MEDIAMTX_API_URL: mediamtx.url, ...env },
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = await once(child, 'exit');
  return { code: code as number, stdout, stderr };
}

const patches = () => mediamtx.requests.filter((r) => r.method === 'PATCH');

// Each run starts npx and a Node process (a few seconds on a busy machine); some tests run two.
describe('npm run mediamtx-settings', { timeout: 60_000 }, () => {
  it('prints the http section as YAML', async () => {
    const { code, stdout, stderr } = await run({ ...DIRECTORY, PORT: '8181' });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(parse(stdout)).toEqual({ authMethod: 'http', authHTTPAddress: 'http://127.0.0.1:8181/auth/mediamtx', authHTTPExclude: EXCLUDE, ...TRUSTED });
    expect(stdout).toMatch(/^# MediaMTX auth settings for the overlay \(MEDIAMTX_AUTH=http\)/);
    expect(stdout).toContain('# hlsTrustedProxies, webrtcTrustedProxies and playbackTrustedProxies are MEDIAMTX_TRUSTED_PROXIES (127.0.0.1, ::1)');
  });

  it('names another reverse proxy from MEDIAMTX_TRUSTED_PROXIES, and refuses a host name', async () => {
    const { code, stdout } = await run({ ...DIRECTORY, MEDIAMTX_TRUSTED_PROXIES: '10.213.37.10' });
    expect(code).toBe(0);
    expect(parse(stdout)).toMatchObject({
      hlsTrustedProxies: ['10.213.37.10'],
      webrtcTrustedProxies: ['10.213.37.10'],
      playbackTrustedProxies: ['10.213.37.10'],
    });
    const named = await run({ ...DIRECTORY, MEDIAMTX_TRUSTED_PROXIES: 'caddy' });
    expect(named.code).toBe(2);
    expect(named.stderr).toContain('MEDIAMTX_TRUSTED_PROXIES: "caddy" is not an IP address or CIDR (MediaMTX takes no host names)');
  });

  it('prints the jwt section as YAML', async () => {
    const { code, stdout } = await run({ ...DIRECTORY, MEDIAMTX_AUTH: 'jwt', JWT_AUDIENCE: 'mediamtx', OVERLAY_INTERNAL_URL: 'http://overlay:8080' });
    expect(code).toBe(0);
    expect(parse(stdout)).toEqual({
      authMethod: 'jwt',
      authJWTJWKS: 'http://overlay:8080/.well-known/jwks.json',
      authJWTClaimKey: 'mediamtx_permissions',
      authJWTAudience: 'mediamtx',
      authJWTExclude: EXCLUDE,
      ...TRUSTED,
    });
  });

  it('exits 2 naming the variable when the configuration is bad, and in vanilla mode', async () => {
    const bad = await run({ ...DIRECTORY, MEDIAMTX_AUTH: 'ldap', OVERLAY_INTERNAL_URL: 'overlay:8080' });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^Invalid configuration:/);
    expect(bad.stderr).toContain('MEDIAMTX_AUTH:');
    expect(bad.stderr).toContain('OVERLAY_INTERNAL_URL: must be an http:// or https:// URL');
    const vanilla = await run({});
    expect(vanilla.code).toBe(2);
    expect(vanilla.stderr).toContain('vanilla mode');
  });

  it('does not apply without a terminal to ask, nor with --yes alone', async () => {
    const unasked = await run(DIRECTORY, ['--apply']);
    expect(unasked.code).toBe(1);
    expect(unasked.stderr).toContain('Not applied: there is no terminal to ask for confirmation. Add --yes');
    expect(parse(unasked.stdout)).toMatchObject({ authMethod: 'http' });
    expect((await run(DIRECTORY, ['--yes'])).code).toBe(2);
    expect(patches()).toEqual([]);
  });

  it('applies with --apply --yes, backing up the previous values and saying where', async () => {
    const { code, stdout, stderr } = await run(DIRECTORY, ['--apply', '--yes']);
    expect(code).toBe(0);
    expect(parse(stdout)).toMatchObject({ authMethod: 'http' });
    const [backup] = (await readdir(dataDir)).filter((f) => f.startsWith('mediamtx-settings-backup-'));
    expect(stderr).toContain(
      `Applied to MediaMTX at ${mediamtx.url}: authMethod, authHTTPAddress, hlsTrustedProxies, webrtcTrustedProxies, playbackTrustedProxies.`,
    );
    expect(stderr).toContain(`Previous values saved in ${path.join(dataDir, backup!)}`);
    const untrusted = { hlsTrustedProxies: [], webrtcTrustedProxies: [], playbackTrustedProxies: [] };
    expect(JSON.parse(await readFile(path.join(dataDir, backup!), 'utf8'))).toEqual({ authMethod: 'internal', authHTTPAddress: '', ...untrusted });
    expect(patches().map((r) => JSON.parse(r.body!))).toEqual([{ authMethod: 'http', authHTTPAddress: 'http://127.0.0.1:8080/auth/mediamtx', ...TRUSTED }]);
    expect(mediamtx.globalConfig()).toMatchObject({ hlsTrustedProxies: ['127.0.0.1/32', '::1/128'] });
  });

  it('exits 1 with a clear message when MediaMTX cannot be reached', async () => {
    const closed = `http://127.0.0.1:${await getPort({ host: '127.0.0.1' })}`;
    const { code, stderr } = await run({ ...DIRECTORY, MEDIAMTX_API_URL: closed }, ['--apply', '--yes']);
    expect(code).toBe(1);
    expect(stderr).toContain(`Not applied: MediaMTX's API at ${closed} cannot be reached while reading its configuration. Nothing was changed.`);
  });
});
