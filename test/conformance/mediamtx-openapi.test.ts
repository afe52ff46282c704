/**
 * Opt-in: what the overlay assumes about MediaMTX's API, held to MediaMTX's own OpenAPI spec — our
 * schemas of its answers, the API double's answers, the auth sections the overlay writes and
 * deploy/mediamtx/mediamtx.yml. Runs only when MEDIAMTX_OPENAPI names the spec (apidocs/openapi.yaml
 * in MediaMTX's repository, of the version you run; the double stands for v1.20.1); says so otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../server/config/index.ts';
import { AUTHENTIK_DIRECTORY_ENV } from '../../server/config/test-fixtures.ts';
import { errorAnswer, globalConfig, listPage, pathConfItem, pathItem, SESSION_ITEMS, SESSION_KINDS } from '../../server/mediamtx/schemas.ts';
import { mediamtxSettings } from '../../server/mediamtx/settings.ts';
import { readRepoYaml } from '../deploy/tools.ts';
import { SESSION_KINDS as DOUBLE_KINDS, startMediamtxApi, type MediamtxApiDouble } from '../doubles/mediamtx-api/index.ts';
import { openApiValidator, type Json, type OpenApiValidator } from './openapi-validator.ts';
import { fieldProblems } from './schema-fields.ts';

const OPENAPI_ENV = 'MEDIAMTX_OPENAPI';
const file = process.env[OPENAPI_ENV] || null;
if (!file)
  console.info(`test/conformance/mediamtx-openapi skipped: set ${OPENAPI_ENV} to MediaMTX's OpenAPI YAML (apidocs/openapi.yaml of its repository) to run it`);

describe.skipIf(!file)('MediaMTX as its OpenAPI spec describes it', () => {
  let spec: OpenApiValidator;
  beforeAll(() => {
    spec = openApiValidator(file!);
  });

  describe('the spec as a validator', () => {
    const session = () => ({
      id: '9b0f1f43-6d1d-4bde-8e8a-8e7f0f3b1c11',
      created: '2025-01-01T00:00:00Z',
      remoteAddr: '127.0.0.1:1',
      path: 'cam1',
      query: '',
      user: '',
      userAgent: '',
      isCDN: false,
      outboundBytes: 0,
    });

    it('accepts a complete object and rejects missing, mistyped, extra and null fields', () => {
      expect(spec.validateAgainstSpec('HLSSession', session())).toEqual([]);
      const { user: _dropped, ...missing } = session();
      expect(spec.validateAgainstSpec('HLSSession', missing)).toEqual(["(root) must have required property 'user'"]);
      expect(spec.validateAgainstSpec('HLSSession', { ...session(), outboundBytes: -1 })).not.toEqual([]);
      expect(spec.validateAgainstSpec('HLSSession', { ...session(), id: 'not-a-uuid' })).not.toEqual([]);
      expect(spec.validateAgainstSpec('HLSSession', { ...session(), extra: 1 })).toEqual(["(root) must NOT have additional properties 'extra'"]);
      expect(spec.validateAgainstSpec('HLSSession', { ...session(), path: null })).not.toEqual([]);
      expect(spec.validateAgainstSpec('Error', { status: 'oops', error: 'x' })).not.toEqual([]);
    });

    it('honours nullable and the partial mode', () => {
      expect(spec.validateAgainstSpec('PathSource', { type: 'rtspSession', id: '' })).toEqual([]);
      expect(spec.validateAgainstSpec('GlobalConf', { hlsSegmentCount: 3 }, 'partial')).toEqual([]);
      expect(spec.validateAgainstSpec('GlobalConf', { hlsSegmentCount: '3' }, 'partial')).not.toEqual([]);
      expect(spec.validateAgainstSpec('GlobalConf', { hlsSegmentCount: 3 })).not.toEqual([]);
    });
  });

  it('declares every field the overlay reads, with the type the overlay reads it as (server/mediamtx/schemas.ts)', () => {
    const answers: Array<[string, string, number, z.ZodType]> = [
      ['GET', '/v3/paths/list', 200, listPage(pathItem)],
      ['GET', '/v3/paths/list', 400, errorAnswer],
      ['GET', '/v3/config/paths/list', 200, listPage(pathConfItem)],
      ['GET', '/v3/config/global/get', 200, globalConfig],
      ...SESSION_KINDS.map((kind): [string, string, number, z.ZodType] => ['GET', `/v3/${kind}/list`, 200, listPage(SESSION_ITEMS[kind])]),
      // The client takes a 404 to a kick as "already gone".
      ...SESSION_KINDS.map((kind): [string, string, number, z.ZodType] => ['POST', `/v3/${kind}/kick/some-id`, 404, errorAnswer]),
    ];
    const problems = answers.flatMap(([method, path, status, schema]) => {
      const name = spec.responseSchemaName(method, path, status);
      if (!name) return [`${method} ${path} -> ${status} is not documented in the spec`];
      return fieldProblems(spec.spec, schema, name).map((problem) => `${method} ${path} -> ${status}: ${problem}`);
    });
    expect(problems).toEqual([]);
    // The comparison can fail.
    expect(fieldProblems(spec.spec, z.object({ id: z.number(), userName: z.string() }), 'HLSSession')).toEqual([
      'HLSSession: id: we read number, the spec says string',
      'HLSSession: userName: not in the spec',
    ]);
  });

  describe('the API double', () => {
    let api: MediamtxApiDouble;
    const problems: string[] = [];
    beforeAll(async () => {
      api = await startMediamtxApi({
        paths: [
          { name: 'live/drone1', publisherUser: 'pilot1', readers: { hlsSession: 2, webRTCSession: 1 }, tracks: ['H264', 'MPEG-4 Audio'] },
          { name: 'cam1', sourceType: 'rtmpConn', publisherUser: 'rtmp-user', readers: { rtspSession: 1, hidden: 1 } },
          { name: 'teststream', sourceType: 'rtspSource', tracks: ['H265', 'Opus'] },
          { name: 'waiting', ready: false },
          { name: 'srt/feed', sourceType: 'srtConn', readers: { srtConn: 1, rtspsSession: 1 } },
        ],
      });
    });
    afterAll(() => api?.stop());

    async function call(method: string, path: string, body?: unknown): Promise<any> {
      const res = await fetch(api.url + path, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json: unknown = await res.json();
      problems.push(...spec.validateResponse(method, new URL(path, api.url).pathname, res.status, json));
      return json;
    }

    it("answers every call in the spec's shapes, every field present and none other", async () => {
      for (const path of [
        '/v3/paths/list',
        '/v3/paths/list?itemsPerPage=2&page=1',
        '/v3/paths/list?itemsPerPage=abc',
        '/v3/config/paths/list',
        '/v3/config/paths/get/teststream',
        '/v3/config/paths/get/nope',
        '/v3/paths/get/nope',
      ])
        await call('GET', path);
      for (const { name } of (await call('GET', '/v3/paths/list')).items as Json[]) await call('GET', `/v3/paths/get/${String(name)}`);
      for (const kind of DOUBLE_KINDS) {
        api.addSession(kind, { path: 'cam1', user: 'alice' });
        for (const { id } of (await call('GET', `/v3/${kind}/list`)).items as Json[]) await call('GET', `/v3/${kind}/get/${String(id)}`);
      }
      const id = api.addSession('hlssessions', { path: 'cam1' });
      await call('POST', `/v3/hlssessions/kick/${id}`);
      await call('POST', `/v3/hlssessions/kick/${id}`);
      await call('PATCH', '/v3/config/global/patch', { authHTTPAddress: 'http://127.0.0.1:1/auth', hlsTrustedProxies: ['127.0.0.1'] });
      await call('PATCH', '/v3/config/global/patch', { noSuchKey: 1 });
      await call('GET', '/v3/config/global/get');
      expect(problems).toEqual([]);
    });

    it("answers 401 with the spec's Error", async () => {
      const locked = await startMediamtxApi({ requireAuth: true });
      try {
        // 401 is not in the spec's response lists; its body is still the spec's Error.
        expect(spec.validateAgainstSpec('Error', await (await fetch(`${locked.url}/v3/paths/list`)).json())).toEqual([]);
      } finally {
        await locked.stop();
      }
    });
  });

  /** Keys MediaMTX's `schemaName` does not declare, and values of other types than it declares. */
  const confProblems = (schemaName: string, conf: Json) => [
    ...Object.keys(conf)
      .filter((key) => !(key in (spec.spec.components.schemas[schemaName]!.properties as Json)))
      .map((key) => `unknown key ${key}`),
    ...spec.validateAgainstSpec(schemaName, conf, 'partial'),
  ];

  it('accepts the auth sections the overlay writes (server/mediamtx/settings.ts)', () => {
    for (const env of [
      {},
      { MEDIAMTX_TRUSTED_PROXIES: '10.213.37.10,fd00::/64' },
      { MEDIAMTX_AUTH: 'jwt', JWT_ISSUER: 'https://streams.example.org', JWT_AUDIENCE: 'mediamtx' },
    ]) {
      const { settings } = mediamtxSettings(loadConfig({ ...AUTHENTIK_DIRECTORY_ENV, ...env }));
      expect(confProblems('GlobalConf', settings), JSON.stringify(env)).toEqual([]);
    }
    expect(confProblems('GlobalConf', { authMethod: 'ldap', authHTTPAdress: '' })).toHaveLength(2); // the check can fail
  });

  it('accepts every key and value of deploy/mediamtx/mediamtx.yml', () => {
    const { paths, ...global } = readRepoYaml<Json>('deploy/mediamtx/mediamtx.yml');
    expect(confProblems('GlobalConf', global)).toEqual([]);
    for (const [name, path] of Object.entries((paths ?? {}) as Record<string, Json | null>)) expect(confProblems('PathConf', path ?? {}), name).toEqual([]);
  });
});
