/** The stand-in routes raw request targets the way the real editor's Werkzeug does (werkzeug-cases.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMediamtxApi, type MediamtxApiDouble } from '../doubles/mediamtx-api/index.ts';
import { rawRequest } from '../harness/raw-http.ts';
import { startStandInEditor, werkzeugPath, type StandInEditor } from './index.ts';
import { WERKZEUG_CASES } from './werkzeug-cases.ts';

let api: MediamtxApiDouble;
let editor: StandInEditor;
let viewerCookie: string;

beforeAll(async () => {
  api = await startMediamtxApi({ paths: [{ name: 'cam1' }] });
  editor = await startStandInEditor({ mediamtxApiUrl: api.url });
  const login = await fetch(`${editor.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({ username: 'editor-viewer', password: 'editor-viewer-pass' }),
  });
  viewerCookie = login.headers.get('set-cookie')!.split(';')[0]!;
});
afterAll(async () => {
  await editor?.stop();
  await api?.stop();
});

describe('werkzeugPath', () => {
  it.each([
    ['/a/%2e%2e/b', '/a/../b', false],
    ['/a/./b?x=1', '/a/./b', false],
    ['//get_yaml', '/get_yaml', false],
    ['/api//streams', '/api/streams', true],
    ['/api%2fstreams', '/api/streams', false],
    ['/x%zz', '/x%zz', false],
    ['/caf%C3%A9', '/café', false],
  ])('%s is routed as %s (redirect: %s)', (target, path, repeatedSlashes) => {
    expect(werkzeugPath(target)).toEqual({ path, repeatedSlashes });
  });
});

describe('the stand-in routes tricky targets like Werkzeug', () => {
  it.each(WERKZEUG_CASES.map((c) => [c.target, c] as const))('%s', async (_, { target, route }) => {
    editor.clearHits();
    const res = await rawRequest(editor.url, target, { headers: { cookie: viewerCookie } });
    if (typeof route === 'string') {
      expect(editor.hits.map((h) => h.route)).toEqual([route]);
    } else {
      expect(res.status).toBe(route.status);
      if (route.status === 308) expect(res.headers.location).toBe(route.location);
    }
  });
});
