import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import getPort from 'get-port';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMediamtxApi, type MediamtxApiDouble } from '../../test/doubles/mediamtx-api/index.ts';
import { loadConfig } from '../config/index.ts';
import { AUTHENTIK_DIRECTORY_ENV as DIRECTORY } from '../config/test-fixtures.ts';
import { OverlayError } from '../http/errors.ts';
import { createMediamtxApi, MediamtxApiError } from './api-client.ts';
import { answerProblem, globalConfig } from './schemas.ts';
import { applyMediamtxSettings, type ApplyOptions } from './settings-apply.ts';
import { mediamtxSettings } from './settings.ts';

const section = (env: Record<string, string> = {}) => mediamtxSettings(loadConfig({ ...DIRECTORY, ...env }));
const UNTRUSTED = { hlsTrustedProxies: [], webrtcTrustedProxies: [], playbackTrustedProxies: [] };
const TRUSTED = { hlsTrustedProxies: ['127.0.0.1', '::1'], webrtcTrustedProxies: ['127.0.0.1', '::1'], playbackTrustedProxies: ['127.0.0.1', '::1'] };
const AT = new Date('2026-03-04T05:06:07.089Z');
const BACKUP_NAME = 'mediamtx-settings-backup-2026-03-04T05-06-07-089Z.json';

let mediamtx: MediamtxApiDouble;
let dataDir: string;
beforeAll(async () => {
  mediamtx = await startMediamtxApi();
});
afterAll(() => mediamtx?.stop());
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'mediamtx-settings-'));
  mediamtx.requests.length = 0;
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

const apply = (overrides: Partial<ApplyOptions> = {}) =>
  applyMediamtxSettings({ api: createMediamtxApi({ baseUrl: mediamtx.url }), apiUrl: mediamtx.url, section: section(), dataDir, now: () => AT, ...overrides });
const patches = () => mediamtx.requests.filter((r) => r.method === 'PATCH');
const backups = async () => (await readdir(dataDir)).filter((f) => f.startsWith('mediamtx-settings-backup-'));
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as OverlayError,
  );

describe('applying the auth section through the MediaMTX API', () => {
  it('backs up the previous values of the keys it changes, then patches exactly those auth keys (http)', async () => {
    const result = await apply();
    // The stock config already skips api/metrics/pprof: only these differ.
    expect(result.changed).toEqual(['authMethod', 'authHTTPAddress', ...Object.keys(UNTRUSTED)]);
    expect(result.previous).toEqual({ authMethod: 'internal', authHTTPAddress: '', ...UNTRUSTED });
    expect(result.backupFile).toBe(path.join(dataDir, BACKUP_NAME));
    expect(JSON.parse(await readFile(result.backupFile!, 'utf8'))).toEqual(result.previous);

    expect(mediamtx.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v3/config/global/get',
      'PATCH /v3/config/global/patch',
      'GET /v3/config/global/get',
    ]);
    const body = JSON.parse(patches()[0]!.body!);
    expect(body).toEqual({ authMethod: 'http', authHTTPAddress: 'http://127.0.0.1:8080/auth/mediamtx', ...TRUSTED });
    expect(answerProblem(globalConfig, body)).toBeNull();
    // MediaMTX reports the networks its own way (Go's IPNet.String, sorted); that is the same setting.
    expect(mediamtx.globalConfig()).toMatchObject({ authMethod: 'http', hlsTrustedProxies: ['127.0.0.1/32', '::1/128'] });
  });

  it('changes and backs up nothing the second time, though MediaMTX spells the proxies its own way', async () => {
    const again = await apply();
    expect(again).toMatchObject({ changed: [], previous: {}, backupFile: null, patch: null });
    expect(patches()).toEqual([]);
    expect(await backups()).toEqual([]);
  });

  it('switches to JWT with the exclusions, and later resets an issuer the overlay no longer sets', async () => {
    const jwt = await apply({ section: section({ MEDIAMTX_AUTH: 'jwt', JWT_ISSUER: 'https://streams.example.org' }) });
    expect(jwt.changed).toEqual(['authMethod', 'authJWTJWKS', 'authJWTIssuer', 'authJWTExclude']);
    expect(jwt.previous).toEqual({ authMethod: 'http', authJWTJWKS: '', authJWTIssuer: '', authJWTExclude: [] });
    expect(mediamtx.globalConfig()).toMatchObject({ authMethod: 'jwt', authJWTIssuer: 'https://streams.example.org', authJWTClaimKey: 'mediamtx_permissions' });

    const reset = await apply({ section: section({ MEDIAMTX_AUTH: 'jwt' }), now: () => new Date(AT.getTime() + 1) });
    expect(JSON.parse(patches().at(-1)!.body!)).toEqual({ authJWTIssuer: '' });
    expect(reset.previous).toEqual({ authJWTIssuer: 'https://streams.example.org' });
    expect(await backups()).toHaveLength(2);
  });

  it('keeps both backups when two are taken in the same millisecond', async () => {
    await apply({ section: section({ MEDIAMTX_AUTH: 'http' }) });
    await apply({ section: section({ MEDIAMTX_AUTH: 'jwt' }) });
    expect((await backups()).sort()).toEqual([BACKUP_NAME, BACKUP_NAME.replace('.json', '-1.json')].sort());
  });

  it('refuses with a clear message, and writes nothing, when the API is unreachable', async () => {
    const closed = `http://127.0.0.1:${await getPort({ host: '127.0.0.1' })}`;
    const error = await refusal(apply({ api: createMediamtxApi({ baseUrl: closed }), apiUrl: closed }));
    expect(error).toBeInstanceOf(OverlayError);
    expect(error!.status).toBe(503);
    expect(error!.message).toBe(
      `MediaMTX's API at ${closed} cannot be reached while reading its configuration. Nothing was changed. Start MediaMTX or correct MEDIAMTX_API_URL, then apply again.`,
    );
    expect(await backups()).toEqual([]);
  });

  it('says where the backup is when MediaMTX refuses the patch', async () => {
    const api = {
      globalConfig: async () => ({ authMethod: 'internal', authHTTPAddress: '', authHTTPExclude: [], ...UNTRUSTED }),
      patchGlobalConfig: async () => {
        throw new MediamtxApiError('MediaMTX API /v3/config/global/patch answered 400: json: unknown field "authHTTPExclude"', 400);
      },
    };
    const error = await refusal(apply({ api }));
    expect(error!.status).toBe(502);
    expect(error!.message).toContain('unknown field "authHTTPExclude"');
    expect(error!.message).toContain(`The previous values are saved in ${path.join(dataDir, BACKUP_NAME)}.`);
  });

  it('warns when a server whose auth is skipped listens beyond loopback', async () => {
    const api = {
      globalConfig: async () => ({ ...mediamtx.globalConfig(), apiAddress: ':9997', metrics: true, metricsAddress: ':9998' }),
      patchGlobalConfig: async () => {},
    };
    const { warnings } = await apply({ api, section: section({ MEDIAMTX_AUTH: 'jwt' }) });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^apiAddress is ":9997": its auth is skipped/);
    expect(warnings[1]).toMatch(/^metricsAddress is ":9998"/);
  });
});
