import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMediamtxApi, type MediamtxApiDouble } from '../../test/doubles/mediamtx-api/index.ts';
import { serveOnLoopback, type LoopbackServer } from '../../test/doubles/mediamtx-api/serve-on-loopback.ts';
import { createMediamtxApi, MediamtxApiError } from './api-client.ts';

/** A MediaMTX of another version: whatever JSON a test puts under a path. */
const answers = new Map<string, { status: number; body: unknown }>();
let other: LoopbackServer;
let double: MediamtxApiDouble;

beforeAll(async () => {
  const app = new Hono();
  app.all('*', (c) => {
    const answer = answers.get(new URL(c.req.url).pathname);
    return answer ? c.json(answer.body as object, answer.status as 200) : c.text('404 page not found', 404);
  });
  other = await serveOnLoopback(app.fetch);
  double = await startMediamtxApi({ paths: [{ name: 'cam1', readers: { hlsSession: 1 } }, { name: 'live/drone1' }] });
});
afterAll(async () => {
  await other?.stop();
  await double?.stop();
});

const page = (items: unknown[]) => ({ itemCount: items.length, pageCount: 1, items });
const session = (n: number) => ({
  id: `id-${n}`,
  created: '2026-01-01T00:00:00Z',
  remoteAddr: `127.0.0.1:${5000 + n}`,
  path: 'cam1',
  query: '',
  user: '',
  userAgent: '',
  isCDN: false,
  outboundBytes: 0,
});
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as MediamtxApiError,
  );

describe('the MediaMTX API client checks every answer it reads', () => {
  it('reads well-formed answers', async () => {
    const api = createMediamtxApi({ baseUrl: double.url });
    expect(await api.activePaths()).toEqual(['cam1', 'live/drone1']);
    expect(await api.configuredPaths()).toEqual(['teststream']);
    expect((await api.listSessions()).find((s) => s.kind === 'hlssessions')).toMatchObject({ path: 'cam1', user: '', state: null });
    expect(await api.globalConfig()).toMatchObject({ authMethod: 'internal', hls: true, hlsTrustedProxies: [] });
  });

  it('names the endpoint and the field when a field we read has another type', async () => {
    answers.clear();
    answers.set('/v3/hlssessions/list', { status: 200, body: page([session(0), session(1), session(2), { ...session(3), path: null }]) });
    const error = await failure(createMediamtxApi({ baseUrl: other.url }).listSessions());
    expect(error).toBeInstanceOf(MediamtxApiError);
    expect(error!.message).toBe('GET /v3/hlssessions/list: items[3].path: expected string, got null');

    answers.set('/v3/config/global/get', { status: 200, body: { authMethod: 'http', hlsTrustedProxies: '127.0.0.1' } });
    expect((await failure(createMediamtxApi({ baseUrl: other.url }).globalConfig()))!.message).toBe(
      'GET /v3/config/global/get: hlsTrustedProxies: expected array, got string',
    );

    answers.set('/v3/paths/list', { status: 200, body: { itemCount: 1, pageCount: 1 } });
    expect((await failure(createMediamtxApi({ baseUrl: other.url }).activePaths()))!.message).toBe('GET /v3/paths/list: items: expected array, got nothing');
  });

  it('takes fields it does not know, and keeps them in the global configuration', async () => {
    answers.clear();
    answers.set('/v3/paths/list', { status: 200, body: { ...page([{ name: 'cam1', newInV2: { x: 1 } }]), cursor: 'abc' } });
    answers.set('/v3/moqsessions/list', { status: 200, body: page([{ id: 'm', path: 'cam1', state: 'read', remoteAddr: '[::1]:1', newField: 1 }]) });
    answers.set('/v3/config/global/get', { status: 200, body: { authMethod: 'jwt', someFutureKey: [1, 2] } });
    const api = createMediamtxApi({ baseUrl: other.url });
    expect(await api.activePaths()).toEqual(['cam1']);
    expect(await api.listSessions()).toEqual([{ kind: 'moqsessions', id: 'm', path: 'cam1', user: '', state: 'read', remoteAddr: '[::1]:1' }]);
    expect(await api.globalConfig()).toEqual({ authMethod: 'jwt', someFutureKey: [1, 2] });
  });

  it("passes on MediaMTX's own error message", async () => {
    answers.clear();
    answers.set('/v3/config/global/get', { status: 500, body: { status: 'error', error: 'configuration is being reloaded' } });
    const error = await failure(createMediamtxApi({ baseUrl: other.url }).globalConfig());
    expect(error).toMatchObject({ status: 500, message: 'MediaMTX API /v3/config/global/get answered 500: configuration is being reloaded' });
  });
});
