import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultGlobalConfig, redactGlobalConfig } from '../../test/doubles/mediamtx-api/global-config.ts';
import { stockMediamtxYaml } from '../../test/fixtures/stock-mediamtx.ts';
import { loadConfig } from '../config/index.ts';
import { AUTHENTIK_DIRECTORY_ENV as DIRECTORY } from '../config/test-fixtures.ts';
import { MEDIAMTX_CHECKS } from './mediamtx-checks.ts';
import type { CheckContext, CheckResult } from './types.ts';

const OVERLAY = 'http://127.0.0.1:8080/auth/mediamtx';
/** MediaMTX asking this overlay, as the API reports it: no trusted proxies (MediaMTX's default). */
const ASKING = { authMethod: 'http', authHTTPAddress: OVERLAY };
/** What `npm run mediamtx-settings -- --apply` leaves, as MediaMTX reports it back (Go's IPNet.String, sorted). */
const TRUSTED = {
  hlsTrustedProxies: ['127.0.0.1/32', '::1/128'],
  webrtcTrustedProxies: ['127.0.0.1/32', '::1/128'],
  playbackTrustedProxies: ['127.0.0.1/32', '::1/128'],
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'doctor-trusted-proxies-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let files = 0;
async function configFile(yaml: string): Promise<string> {
  const file = path.join(dir, `mediamtx-${files++}.yml`);
  await writeFile(file, yaml);
  return file;
}

const check = MEDIAMTX_CHECKS.find((c) => c.id === 'mediamtx-trusted-proxies')!;

/** The check against MediaMTX's API answer `conf` (the stock one, changed by `patch`) and the overlay's settings `env`. */
async function judge(patch: Record<string, unknown>, env: Record<string, string> = {}): Promise<CheckResult> {
  const conf = { ...redactGlobalConfig(defaultGlobalConfig('hls-secret')), ...patch };
  const ctx = { config: loadConfig({ ...DIRECTORY, ...env }), overlayPort: 8080, mediamtxGlobalConfig: async () => conf, signal: new AbortController().signal };
  return check.run(ctx as unknown as CheckContext);
}

const stockFile = () => configFile(stockMediamtxYaml('hlsviewer-pass'));

describe("the doctor's trusted-proxies check", () => {
  it('runs after the MediaMTX API answers', () => {
    expect(check).toMatchObject({ title: 'MediaMTX sees readers behind the reverse proxy by their own address', requires: 'mediamtx-api' });
  });

  it('fails on the stock config without trusted proxies, naming the internal user, the proxy address and the exact settings', async () => {
    const result = await judge(ASKING, { MEDIAMTX_CONFIG_FILE: await stockFile() });
    expect(result.status).toBe('fail');
    expect(result.detail).toBe(
      'internal user #0 (any) lets anyone from 127.0.0.1, ::1 read, publish, and MediaMTX reports every HLS and WebRTC client behind the proxy with such an address (hlsTrustedProxies, webrtcTrustedProxies do not list it): everyone who comes through the proxy may do that, signed in or not',
    );
    expect(result.fix).toBe(
      "Run `npm run mediamtx-settings -- --apply`, or set in mediamtx.yml hlsTrustedProxies: ['127.0.0.1', '::1'], webrtcTrustedProxies: ['127.0.0.1', '::1'] and restart MediaMTX (MEDIAMTX_TRUSTED_PROXIES names the reverse proxy in front of MediaMTX).",
    );
  });

  it("passes once the trusted proxies are set, in MediaMTX's spelling or ours", async () => {
    const file = await stockFile();
    expect(await judge({ ...ASKING, ...TRUSTED }, { MEDIAMTX_CONFIG_FILE: file })).toEqual({
      status: 'pass',
      detail: 'MediaMTX treats 127.0.0.1, ::1 as the reverse proxy (hlsTrustedProxies, webrtcTrustedProxies)',
    });
    const ours = { hlsTrustedProxies: ['::1', '127.0.0.0/8'], webrtcTrustedProxies: ['127.0.0.1', '::1'] };
    expect((await judge({ ...ASKING, ...ours }, { MEDIAMTX_CONFIG_FILE: file })).status).toBe('pass');
    // Only the servers that are on need them.
    expect((await judge({ ...ASKING, webrtc: false, hlsTrustedProxies: ['127.0.0.1', '::1'] }, { MEDIAMTX_CONFIG_FILE: file })).status).toBe('pass');
  });

  it('fails for the one server that lacks them, and for a proxy address only partly trusted', async () => {
    const file = await stockFile();
    const hlsOnly = await judge({ ...ASKING, hlsTrustedProxies: ['127.0.0.1', '::1'] }, { MEDIAMTX_CONFIG_FILE: file });
    expect(hlsOnly.detail).toMatch(/every WebRTC client behind the proxy .*\(webrtcTrustedProxies does not list it\)/);
    expect(hlsOnly.fix).toContain("set in mediamtx.yml webrtcTrustedProxies: ['127.0.0.1', '::1'] and");
    const v4only = await judge({ ...ASKING, webrtc: false, hlsTrustedProxies: ['127.0.0.1/32'] }, { MEDIAMTX_CONFIG_FILE: file });
    expect(v4only.detail).toMatch(/^internal user #0 \(any\) lets anyone from ::1 read, and MediaMTX reports every HLS client/);
  });

  it('fails for playback when the playback server is on and an entry lets anyone play back from the proxy', async () => {
    const yaml = 'authInternalUsers:\n  - user: any\n    ips: [127.0.0.0/8]\n    permissions:\n      - action: playback\n        path: cam1\n';
    const result = await judge({ ...ASKING, webrtc: false, hls: false, playback: true }, { MEDIAMTX_CONFIG_FILE: await configFile(yaml) });
    expect(result.detail).toMatch(
      /^internal user #0 \(any\) lets anyone from 127\.0\.0\.1 playback on cam1, .*every playback client .*\(playbackTrustedProxies does not list it\)/,
    );
  });

  it('follows MEDIAMTX_TRUSTED_PROXIES when the proxy is elsewhere', async () => {
    const yaml = 'authInternalUsers:\n  - user: any\n    ips: [10.213.37.0/24]\n    permissions:\n      - action: read\n';
    const env = { MEDIAMTX_TRUSTED_PROXIES: '10.213.37.10', MEDIAMTX_CONFIG_FILE: await configFile(yaml) };
    const result = await judge(ASKING, env);
    expect(result.detail).toMatch(/^internal user #0 \(any\) lets anyone from 10\.213\.37\.10 read/);
    expect(result.fix).toContain("hlsTrustedProxies: ['10.213.37.10'], webrtcTrustedProxies: ['10.213.37.10']");
    expect((await judge({ ...ASKING, hlsTrustedProxies: ['10.213.37.10'], webrtcTrustedProxies: ['10.213.37.10'] }, env)).status).toBe('pass');
    // The stock file's loopback user does not match a proxy that is not on loopback.
    expect((await judge(ASKING, { MEDIAMTX_TRUSTED_PROXIES: '10.213.37.10', MEDIAMTX_CONFIG_FILE: await stockFile() })).status).toBe('pass');
  });

  it("passes when no internal user lets anyone in from the proxy's address", async () => {
    // The deploy config: `any` from loopback for the API only; `any` without ips admits everyone anyway.
    const yaml =
      'authInternalUsers:\n  - user: any\n    ips: ["127.0.0.1", "::1"]\n    permissions: [{action: api}, {action: metrics}]\n  - user: any\n    ips: []\n    permissions: [{action: read, path: teststream}]\n  - user: cam\n    pass: secret\n    ips: [127.0.0.1]\n    permissions: [{action: publish}]\n';
    expect(await judge(ASKING, { MEDIAMTX_CONFIG_FILE: await configFile(yaml) })).toEqual({
      status: 'pass',
      detail: "no internal user lets anyone in from the reverse proxy's addresses (127.0.0.1, ::1)",
    });
    expect(await judge(ASKING)).toEqual({ status: 'pass', detail: 'MEDIAMTX_CONFIG_FILE is not set: the overlay judges no internal users' });
  });

  it('does not apply when MediaMTX does not ask this overlay', async () => {
    const env = { MEDIAMTX_CONFIG_FILE: await stockFile() };
    expect(await judge({}, env)).toEqual({ status: 'skip', detail: 'MediaMTX does not ask this overlay (authMethod internal)' });
    expect(await judge({ authMethod: 'jwt' }, env)).toEqual({ status: 'skip', detail: 'MediaMTX does not ask this overlay (authMethod jwt)' });
    expect(await judge({ authMethod: 'http', authHTTPAddress: 'http://127.0.0.1:9/auth/mediamtx' }, env)).toEqual({
      status: 'skip',
      detail: 'MediaMTX does not ask this overlay (http://127.0.0.1:9/auth/mediamtx uses port 9, but the overlay listens on 8080)',
    });
  });

  it('cannot judge a config file it cannot read', async () => {
    const missing = path.join(dir, 'missing.yml');
    expect(await judge(ASKING, { MEDIAMTX_CONFIG_FILE: missing })).toMatchObject({
      status: 'skip',
      detail: expect.stringMatching(/^MEDIAMTX_CONFIG_FILE .*missing\.yml cannot be read/),
    });
  });
});
