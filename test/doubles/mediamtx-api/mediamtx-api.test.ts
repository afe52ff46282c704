import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultGlobalConfig, redactGlobalConfig } from './global-config.ts';
import { answerProblems, SESSION_KINDS, startMediamtxApi, type FakePath, type MediamtxApiDouble } from './index.ts';

const PATHS: FakePath[] = [
  { name: 'live/drone1', publisherUser: 'pilot1', readers: { hlsSession: 2, webRTCSession: 1 }, tracks: ['H264', 'MPEG-4 Audio'] },
  { name: 'cam1', sourceType: 'rtmpConn', publisherUser: 'rtmp-user', readers: { rtspSession: 1, hidden: 1 } },
  { name: 'teststream', sourceType: 'rtspSource', tracks: ['H265', 'Opus'] },
  { name: 'waiting', ready: false },
  { name: 'srt/feed', sourceType: 'srtConn', readers: { srtConn: 1, rtspsSession: 1 } },
];

let api: MediamtxApiDouble;
const problems: string[] = [];

/** Every response of this file is checked against what the overlay expects; failures are collected and asserted. */
async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(api.url + path, {
    method,
    headers: { authorization: `Basic ${Buffer.from('any:').toString('base64')}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = await res.json();
  problems.push(...answerProblems(method, new URL(path, api.url).pathname, res.status, json));
  return { status: res.status, json };
}

beforeAll(async () => {
  api = await startMediamtxApi({ paths: PATHS, hlsViewerPass: 'hls-secret' });
});
afterAll(async () => {
  await api.stop();
});

describe('MediaMTX API double', () => {
  it('lists paths sorted by name, paginated as MediaMTX does', async () => {
    const all = await call('GET', '/v3/paths/list');
    expect(all.json.itemCount).toBe(5);
    expect(all.json.pageCount).toBe(1);
    expect(all.json.items.map((p: { name: string }) => p.name)).toEqual(['cam1', 'live/drone1', 'srt/feed', 'teststream', 'waiting']);
    const page1 = await call('GET', '/v3/paths/list?itemsPerPage=2&page=1');
    expect(page1.json).toMatchObject({ itemCount: 5, pageCount: 3 });
    expect(page1.json.items.map((p: { name: string }) => p.name)).toEqual(['srt/feed', 'teststream']);
    expect((await call('GET', '/v3/paths/list?itemsPerPage=2&page=9')).json.items).toEqual([]);
    expect((await call('GET', '/v3/paths/list?itemsPerPage=abc')).status).toBe(400);
  });

  it('gets a path whose name has slashes, raw or percent-encoded; 404 otherwise', async () => {
    const raw = await call('GET', '/v3/paths/get/live/drone1');
    expect(raw.json).toMatchObject({ name: 'live/drone1', ready: true, source: { type: 'rtspSession' } });
    expect(raw.json.readers.map((r: { type: string }) => r.type).sort()).toEqual(['hlsSession', 'hlsSession', 'webRTCSession']);
    expect((await call('GET', '/v3/paths/get/live%2Fdrone1')).json.name).toBe('live/drone1');
    const missing = await call('GET', '/v3/paths/get/live/nope');
    expect(missing).toEqual({ status: 404, json: { status: 'error', error: 'path not found' } });
    const waiting = await call('GET', '/v3/paths/get/waiting');
    expect(waiting.json).toMatchObject({ ready: false, readyTime: null, source: null, tracks2: [] });
    expect((await call('GET', '/v3/paths/get/teststream')).json.source).toEqual({ type: 'rtspSource', id: '' });
  });

  it('exposes the publisher user only through the session lists, like MediaMTX', async () => {
    const path = (await call('GET', '/v3/paths/get/cam1')).json;
    const conns = (await call('GET', '/v3/rtmpconns/list')).json.items;
    expect(conns).toContainEqual(expect.objectContaining({ id: path.source.id, user: 'rtmp-user', state: 'publish', path: 'cam1' }));
    const one = await call('GET', `/v3/rtmpconns/get/${path.source.id}`);
    expect(one.json.user).toBe('rtmp-user');
    expect((await call('GET', '/v3/rtmpconns/get/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  it('serves every session list, and a kick removes the session and is recorded', async () => {
    const id = api.addSession('hlssessions', { path: 'live/drone1', user: 'alice' });
    for (const kind of SESSION_KINDS) expect((await call('GET', `/v3/${kind}/list`)).status).toBe(200);
    expect((await call('GET', '/v3/paths/get/live/drone1')).json.readers).toHaveLength(4);
    expect(await call('POST', `/v3/hlssessions/kick/${id}`)).toEqual({ status: 200, json: { status: 'ok' } });
    expect(api.kicks).toContainEqual({ kind: 'hlssessions', id });
    expect(api.sessions.hlssessions.has(id)).toBe(false);
    expect((await call('GET', '/v3/paths/get/live/drone1')).json.readers).toHaveLength(3);
    const again = await call('POST', `/v3/hlssessions/kick/${id}`);
    expect(again).toEqual({ status: 404, json: { status: 'error', error: 'session not found' } });
  });

  it('kicking a publisher takes the stream down', async () => {
    const source = (await call('GET', '/v3/paths/get/srt/feed')).json.source;
    expect((await call('POST', `/v3/srtconns/kick/${source.id}`)).status).toBe(200);
    expect((await call('GET', '/v3/paths/get/srt/feed')).json).toMatchObject({ ready: false, source: null });
  });

  it('merges a global config PATCH, rejects unknown fields, redacts passwords', async () => {
    expect((await call('PATCH', '/v3/config/global/patch', { authHTTPAddress: 'http://127.0.0.1:1/auth', hlsSegmentCount: 3 })).status).toBe(200);
    const conf = (await call('GET', '/v3/config/global/get')).json;
    expect(conf).toMatchObject({ authHTTPAddress: 'http://127.0.0.1:1/auth', hlsSegmentCount: 3, hlsAddress: '127.0.0.1:8888' });
    expect(conf.authInternalUsers.find((u: { user: string }) => u.user === 'hlsviewer').pass).toBe('<redacted>');
    expect(JSON.stringify(api.globalConfig())).toContain('hls-secret');
    expect((await call('PATCH', '/v3/config/global/patch', { noSuchKey: 1 })).status).toBe(400);
    expect((await call('PATCH', '/v3/config/global/patch', { hlsSegmentCount: 'three' })).status).toBe(400);
    // Trusted proxies come back as Go prints networks, sorted.
    expect((await call('PATCH', '/v3/config/global/patch', { hlsTrustedProxies: ['::1', '127.0.0.1', '10.0.0.5/24', '::ffff:192.0.2.1'] })).status).toBe(200);
    expect((await call('GET', '/v3/config/global/get')).json.hlsTrustedProxies).toEqual(['10.0.0.0/24', '127.0.0.1/32', '192.0.2.1/32', '::1/128']);
    expect((await call('PATCH', '/v3/config/global/patch', { webrtcTrustedProxies: ['caddy'] })).json).toEqual({
      status: 'error',
      error: "unable to parse IP/CIDR 'caddy'",
    });
    const confs = (await call('GET', '/v3/config/paths/list')).json;
    expect(confs.items.map((c: { name: string }) => c.name)).toEqual(['all_others', 'teststream']);
  });

  it('setPaths replaces the paths and their generated sessions', async () => {
    api.setPaths([{ name: 'only', publisherUser: 'x' }]);
    expect((await call('GET', '/v3/paths/list')).json.items.map((p: { name: string }) => p.name)).toEqual(['only']);
    expect((await call('GET', '/v3/rtmpconns/list')).json.itemCount).toBe(0);
    api.setPaths(PATHS);
  });

  it("gave only answers that fit the overlay's schemas, every field they declare present (every call above)", () => {
    expect(problems).toEqual([]);
  });

  it('would notice a double that drifts from what the overlay reads', () => {
    const hls = { id: 'x', created: '', remoteAddr: '127.0.0.1:1', path: 'cam1', query: '', user: '', userAgent: '', isCDN: false, outboundBytes: 0 };
    const page = (item: object) => ({ itemCount: 1, pageCount: 1, items: [item] });
    expect(answerProblems('GET', '/v3/hlssessions/list', 200, page(hls))).toEqual([]);
    const { user: _renamed, ...drifted } = hls;
    expect(answerProblems('GET', '/v3/hlssessions/list', 200, page({ ...drifted, username: '' }))).toEqual([
      'GET /v3/hlssessions/list -> 200: items[0].user: expected string, got nothing',
    ]);
    const conf = redactGlobalConfig(defaultGlobalConfig('x'));
    expect(answerProblems('GET', '/v3/config/global/get', 200, { ...conf, hls: 'yes' })).toEqual([
      'GET /v3/config/global/get -> 200: hls: expected boolean, got string',
    ]);
    expect(answerProblems('GET', '/v3/paths/get/cam1', 404, { status: 'error' })).toEqual([
      'GET /v3/paths/get/cam1 -> 404: error: expected string, got nothing',
    ]);
  });

  it('records requests and enforces Basic any: when asked to', async () => {
    const locked = await startMediamtxApi({ requireAuth: true });
    try {
      const anonymous = await fetch(`${locked.url}/v3/paths/list`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toBe('Basic realm="mediamtx"');
      expect(answerProblems('GET', '/v3/paths/list', 401, await anonymous.json())).toEqual([]);
      const authorization = `Basic ${Buffer.from('any:').toString('base64')}`;
      expect((await fetch(`${locked.url}/v3/paths/list?page=0`, { headers: { authorization } })).status).toBe(200);
      expect(locked.requests).toEqual([
        { method: 'GET', path: '/v3/paths/list', query: '' },
        { method: 'GET', path: '/v3/paths/list', query: 'page=0', authorization },
      ]);
    } finally {
      await locked.stop();
    }
  });
});
