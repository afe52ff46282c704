/** The real entry point (`npm start`): what it says first, and how it refuses bad configuration. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import getPort from 'get-port';
import { afterAll, describe, expect, it } from 'vitest';
import { startMediamtxApi, type MediamtxApiDouble } from '../doubles/mediamtx-api/index.ts';
import { stockMediamtxYaml } from '../fixtures/stock-mediamtx.ts';

/** Directory mode settings that pass validation, except that forward auth still needs PROXY_SECRET. */
const DIRECTORY_WITHOUT_SECRET = {
  LDAP_URL: 'ldap://127.0.0.1:1',
  LDAP_BIND_DN: 'cn=svc',
  LDAP_BIND_PASSWORD: 'x',
  EDITOR_ADMIN_USER: 'a',
  EDITOR_ADMIN_PASSWORD: 'a',
  EDITOR_VIEWER_USER: 'v',
  EDITOR_VIEWER_PASSWORD: 'v',
};

const ENTRY = ['--disable-warning=ExperimentalWarning', 'server/main.ts'];

/**
 * Runs the overlay with exactly this environment until it exits, or until its output contains
 * `until` ('listening' by default when `until` is true); then `whileRunning` runs and the overlay is stopped.
 */
async function run(env: Record<string, string>, until: boolean | string = false, whileRunning?: () => Promise<void>) {
  const child = spawn(process.execPath, ENTRY, { env: { PATH: process.env.PATH ?? '', ...env }, cwd: process.cwd() });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  if (until) {
    const marker = until === true ? 'listening' : until;
    while (!stdout.includes(marker) && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    if (child.exitCode === null) await whileRunning?.();
    child.kill('SIGTERM');
  }
  const [code] = await once(child, 'exit');
  return { code, stdout, stderr };
}

describe('startup', () => {
  it('states the mode and why in its first log line', async () => {
    const { stdout } = await run({ PORT: String(await getPort({ host: '127.0.0.1' })), EDITOR_URL: 'http://127.0.0.1:9' }, true);
    const first = JSON.parse(stdout.split('\n')[0]!);
    expect(first.msg).toBe('mode: vanilla (neither LDAP_URL nor AUTHENTIK_URL is set: pure pass-through to the editor)');
  });

  it('refuses forward-auth directory mode without PROXY_SECRET, naming what is missing', async () => {
    const { code, stderr, stdout } = await run({
      ...DIRECTORY_WITHOUT_SECRET,
    });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Invalid configuration');
    expect(stderr).toMatch(/PROXY_SECRET: required when IDENTITY=forward-auth .*\(example: PROXY_SECRET=/);
  });

  it('lists every bad value at once and exits non-zero', async () => {
    const { code, stderr } = await run({ PORT: 'http', EDITOR_URL: 'editor', IDENTITY: 'magic' });
    expect(code).toBe(2);
    expect(
      stderr
        .split('\n')
        .filter((l) => l.startsWith('  - '))
        .map((l) => l.slice(4).split(':')[0]),
    ).toEqual(['PORT', 'EDITOR_URL', 'IDENTITY']);
  });

  it('refuses a RULES_FILE with a bad rule, naming the entry and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-file-'));
    const file = join(dir, 'rules.json');
    writeFileSync(
      file,
      JSON.stringify([
        { path: 'cam1', groups: ['vid_public'] },
        { path: 'cam2', groups: ['tak_cyan'] },
      ]),
    );
    const { code, stderr } = await run({
      ...DIRECTORY_WITHOUT_SECRET,
      PROXY_SECRET: 'p'.repeat(32),
      DATA_DIR: dir,
      RULES_FILE: file,
    });
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(stderr).toMatch(/RULES_FILE .*rules\.json: rules\[1\]\.groups\[0\]: /);
  });

  describe('with MediaMTX asking it behind a reverse proxy it does not trust', () => {
    const doubles: MediamtxApiDouble[] = [];
    const dirs: string[] = [];
    afterAll(async () => {
      for (const double of doubles) await double.stop();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });

    /** Directory mode on a free port, MediaMTX's config file the stock installer's (`any` from 127.0.0.1/::1 reads and publishes). */
    async function setting(mediamtx: 'asking' | 'trusting' | 'down') {
      const port = await getPort({ host: '127.0.0.1' });
      const dir = mkdtempSync(join(tmpdir(), 'startup-proxy-'));
      dirs.push(dir);
      const file = join(dir, 'mediamtx.yml');
      writeFileSync(file, stockMediamtxYaml('hlsviewer-pass').replace('127.0.0.1:8080', `127.0.0.1:${port}`));
      let apiUrl = `http://127.0.0.1:${await getPort({ host: '127.0.0.1' })}`;
      if (mediamtx !== 'down') {
        const double = await startMediamtxApi();
        doubles.push(double);
        const trusted = mediamtx === 'trusting' ? { hlsTrustedProxies: ['127.0.0.1', '::1'], webrtcTrustedProxies: ['127.0.0.1', '::1'] } : {};
        const res = await fetch(`${double.url}/v3/config/global/patch`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ authMethod: 'http', authHTTPAddress: `http://127.0.0.1:${port}/auth/mediamtx`, ...trusted }),
        });
        expect(res.status).toBe(200);
        apiUrl = double.url;
      }
      const env = {
        ...DIRECTORY_WITHOUT_SECRET,
        PROXY_SECRET: 'p'.repeat(32),
        DATA_DIR: dir,
        PORT: String(port),
        EDITOR_URL: 'http://127.0.0.1:9',
        MEDIAMTX_API_URL: apiUrl,
        MEDIAMTX_CONFIG_FILE: file,
        REVOCATION_INTERVAL: '0',
        LOG_LEVEL: 'debug',
      };
      return { env, url: `http://127.0.0.1:${port}` };
    }

    const lines = (stdout: string) =>
      stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { level: number; msg: string; fix?: string; source?: string });
    const WARNING = /^Readers behind the reverse proxy get in as the proxy: internal user #0 \(any\) lets anyone from 127\.0\.0\.1, ::1 read, publish/;

    it('warns once, with the fix, however many readers it is asked about', async () => {
      const { env, url } = await setting('asking');
      const anonymousReader = {
        ip: '127.0.0.1',
        user: '',
        password: '',
        token: '',
        action: 'read',
        path: 'cam1',
        protocol: 'hls',
        id: null,
        query: '',
        userAgent: 'hls.js',
      };
      const { stdout } = await run(env, 'Readers behind the reverse proxy', async () => {
        for (let i = 0; i < 3; i++) {
          const res = await fetch(`${url}/auth/mediamtx`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(anonymousReader),
          });
          expect(res.ok || res.status === 401).toBe(true); // answered; test/security/hls-proxy-attacks.test.ts shows the decision
        }
      });
      const warnings = lines(stdout).filter((l) => WARNING.test(l.msg));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ level: 40, source: `MediaMTX's API at ${env.MEDIAMTX_API_URL}` });
      expect(warnings[0]!.fix).toContain("hlsTrustedProxies: ['127.0.0.1', '::1'], webrtcTrustedProxies: ['127.0.0.1', '::1']");
    });

    it('says nothing of the kind once MediaMTX trusts the proxy', async () => {
      const { env } = await setting('trusting');
      const { stdout } = await run(env, 'reverse proxy check:');
      expect(lines(stdout).filter((l) => l.level >= 40 && /reverse proxy/.test(l.msg))).toEqual([]);
      expect(lines(stdout).find((l) => l.msg.startsWith('reverse proxy check:'))!.msg).toBe(
        'reverse proxy check: MediaMTX treats 127.0.0.1, ::1 as the reverse proxy (hlsTrustedProxies, webrtcTrustedProxies)',
      );
    });

    it("judges from MEDIAMTX_CONFIG_FILE when MediaMTX's API does not answer yet", async () => {
      const { env } = await setting('down');
      const { stdout } = await run(env, 'Readers behind the reverse proxy');
      const warnings = lines(stdout).filter((l) => WARNING.test(l.msg));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.source).toBe(`${env.MEDIAMTX_CONFIG_FILE} (MediaMTX's API at ${env.MEDIAMTX_API_URL} did not answer)`);
    });
  });
});
