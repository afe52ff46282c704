/** Rules API, filtered Active Streams, playback credentials and the share-link guard, end to end. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ mode: 'forward-auth', ldap: inject('ldap') });
  stack.mediamtx.setPaths([
    { name: 'cam1', ready: true, sourceType: 'rtspSession' },
    { name: 'drone1', ready: true, sourceType: 'rtmpConn' },
    { name: 'alpha/cam1', ready: true, sourceType: 'rtspSession' },
    { name: 'alpha/cam2', ready: true, sourceType: 'rtspSession' },
    { name: 'ops/night1', ready: true, sourceType: 'srtConn' },
  ]);
});
afterAll(() => stack?.stop());

const as = (user: string) => ({ ...asForwardAuthUser(user), Accept: 'application/json' });

async function api(method: string, path: string, options: { user?: string; body?: unknown; version?: number | string; raw?: string } = {}) {
  const headers: Record<string, string> = { ...as(options.user ?? 'demo-admin') };
  if (options.body !== undefined || options.raw !== undefined) headers['Content-Type'] = 'application/json';
  if (options.version !== undefined) headers['If-Match'] = `"${options.version}"`;
  const res = await fetch(`${stack.overlay.url}/_overlay/api${path}`, {
    method,
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function version(): Promise<number> {
  return (await api('GET', '/rules')).body.version;
}

async function streamsOf(user: string) {
  const res = await fetch(`${stack.overlay.url}/api/streams`, { headers: as(user) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { streams: Array<Record<string, any>> }).streams;
}

describe('the rules API', () => {
  it('starts empty and refuses a write without the version', async () => {
    expect((await api('GET', '/rules')).body).toEqual({ rules: [], version: 0 });
    const res = await api('PUT', '/rules', { body: { path: 'drone1', groups: ['vid_private'] } });
    expect(res.status).toBe(428);
    expect(res.body.field).toBe('If-Match');
  });

  it('stores a rule, says who and when, and refuses a stale write with the current state', async () => {
    const first = await api('PUT', '/rules', { body: { path: 'drone1', groups: ['vid_private'] }, version: 0 });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ version: 1, rule: { path: 'drone1', groups: ['vid_private'], updatedBy: 'demo-admin' } });
    const stale = await api('PUT', '/rules', { body: { path: 'drone1', groups: ['vid_public'] }, version: 0 });
    expect(stale.status).toBe(412);
    expect(stale.body.current).toMatchObject({ version: 1, rules: [{ path: 'drone1', groups: ['vid_private'] }] });
    expect((await api('GET', '/rules')).body.rules).toEqual([
      { path: 'drone1', groups: ['vid_private'], updatedBy: 'demo-admin', updatedAt: expect.any(String) },
    ]);
  });

  it.each([
    [{ path: 'cam1', groups: ['vid_nonexistent'] }, 'groups', /not in the directory: vid_nonexistent/],
    [{ path: 'cam1', groups: ['tak_cyan'] }, 'groups[0]', /vid_/],
    [{ path: '', groups: ['vid_public'] }, 'path', /./],
    [{ path: 'a//b', groups: ['vid_public'] }, 'path', /./],
    [{ path: '~(unclosed', groups: ['vid_public'] }, 'path', /./],
    [{ path: 'cam1', groups: [] }, 'groups', /./],
    [{ path: 'cam1', groups: ['vid_public'], colour: 'red' }, 'colour', /./],
  ])('refuses %o naming the field, and stores nothing', async (body, field, message) => {
    const before = await version();
    const res = await api('PUT', '/rules', { body, version: before });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe(field);
    expect(res.body.error).toMatch(message);
    expect(await version()).toBe(before);
  });

  it('refuses malformed JSON and an oversized body', async () => {
    const v = await version();
    const malformed = await api('PUT', '/rules', { raw: '{"path":', version: v });
    expect([malformed.status, malformed.body.field]).toEqual([400, 'body']);
    const huge = await api('PUT', '/rules', { body: { path: 'cam1', groups: ['vid_public'], pad: 'x'.repeat(70_000) }, version: v });
    expect([huge.status, huge.body.field]).toEqual([400, 'body']);
    expect(await version()).toBe(v);
  });

  it('keeps viewers out of the rules API', async () => {
    expect((await api('GET', '/rules', { user: 'demo-viewer' })).status).toBe(403);
    expect((await api('PUT', '/rules', { user: 'demo-viewer', body: { path: 'cam1', groups: ['vid_public'] }, version: 1 })).status).toBe(403);
  });
});

describe('Active Streams filtered by group', () => {
  it('shows each viewer only the streams the rules give their groups', async () => {
    let v = await version();
    for (const rule of [
      { path: 'alpha/*', groups: ['vid_private'] },
      { path: '~^ops/', groups: ['vid_ops; night'] },
    ]) {
      const res = await api('PUT', '/rules', { body: rule, version: v });
      expect(res.status).toBe(200);
      v = res.body.version;
    }
    expect((await streamsOf('demo-viewer')).map((s) => s.name)).toEqual(['cam1']);
    expect((await streamsOf('alice')).map((s) => s.name)).toEqual(['alpha/cam1', 'alpha/cam2', 'cam1', 'drone1']);
    expect((await streamsOf('erin')).map((s) => s.name)).toEqual(['cam1', 'ops/night1']);
  });

  it('gives admins every stream, annotated with who can see it and why', async () => {
    const streams = await streamsOf('demo-admin');
    expect(streams.map((s) => [s.name, s.access])).toEqual([
      ['alpha/cam1', { groups: ['vid_private'], rule: 'alpha/*', via: 'glob' }],
      ['alpha/cam2', { groups: ['vid_private'], rule: 'alpha/*', via: 'glob' }],
      ['cam1', { groups: ['vid_public', 'vid_private'], rule: null, via: 'default' }],
      ['drone1', { groups: ['vid_private'], rule: 'drone1', via: 'exact' }],
      ['ops/night1', { groups: ['vid_ops; night'], rule: '~^ops/', via: 'regex' }],
    ]);
  });

  it('puts a playback token for the viewer in each HLS URL', async () => {
    const [cam1] = await streamsOf('demo-viewer');
    const url = new URL(cam1!.hls_url, 'http://x');
    expect(url.pathname).toBe('/hls-proxy/cam1/index.m3u8');
    const claims = await stack.overlay.services!.tokens.verify(url.searchParams.get('token')!);
    expect(claims).toMatchObject({ user: 'demo-viewer' });
  });

  it('answers "who sees this path" and "what does this person see"', async () => {
    expect((await api('GET', '/access?path=alpha/cam9')).body).toMatchObject({ groups: ['vid_private'], rule: { path: 'alpha/*' }, via: 'glob' });
    expect((await api('GET', '/access?path=nowhere')).body).toMatchObject({ groups: ['vid_public', 'vid_private'], rule: null, via: 'default' });
    const alice = await api('GET', '/access?user=alice');
    expect(alice.body).toMatchObject({ user: 'alice', role: 'viewer', groups: ['vid_private'] });
    expect(alice.body.paths).toEqual(expect.arrayContaining(['alpha/cam1', 'drone1', 'cam1']));
    expect(alice.body.paths).not.toContain('ops/night1');
    expect((await api('GET', '/access?user=carol')).body).toMatchObject({ role: 'none', paths: [] });
    expect((await api('GET', '/access?user=ghost')).status).toBe(404);
  });
});

describe('playback credentials and share links', () => {
  it('never gives a viewer the shared hlsviewer password, on any route a viewer can reach', async () => {
    const secret = stack.editor.hlsViewerPassword;
    const credential = await fetch(`${stack.overlay.url}/api/hlsviewer-credential`, { headers: as('demo-viewer') });
    const body = (await credential.json()) as { username: string; password: string };
    expect(body.username).toBe('demo-viewer');
    expect(await stack.overlay.services!.tokens.verify(body.password)).toMatchObject({ user: 'demo-viewer' });
    for (const path of [
      '/',
      '/api/streams',
      '/api/hlsviewer-credential',
      '/api/theme/logo',
      '/get_yaml',
      '/watch/cam1',
      '/api/mediamtx/users',
      '/api/srt-passphrase/status',
      '/api/status',
    ]) {
      const res = await fetch(`${stack.overlay.url}${path}`, { headers: as('demo-viewer') });
      expect(Buffer.from(await res.arrayBuffer()).includes(secret), path).toBe(false);
    }
    const admin = await fetch(`${stack.overlay.url}/api/hlsviewer-credential`, { headers: as('demo-admin') });
    expect(await admin.json()).toEqual({ username: 'hlsviewer', password: secret });
  });

  it('refuses a share link for a stream the caller may not see', async () => {
    const share = (user: string, stream: string) =>
      fetch(`${stack.overlay.url}/api/share-links/generate`, {
        method: 'POST',
        headers: { ...as(user), 'Content-Type': 'application/json' },
        body: JSON.stringify({ stream, ttl: '1h' }),
      });
    stack.editor.clearHits();
    expect((await share('demo-viewer', 'drone1')).status).toBe(403);
    expect(stack.editor.hits.filter((h) => h.path === '/api/share-links/generate')).toHaveLength(0);
    expect((await share('demo-viewer', 'cam1')).status).toBe(200);
    expect((await share('demo-admin', 'drone1')).status).toBe(200);
  });
});

describe('the audit log', () => {
  it('records who changed what, before and after, newest first', async () => {
    const v = await version();
    expect((await api('DELETE', '/rules?path=drone1', { version: v })).status).toBe(200);
    expect((await api('DELETE', '/rules?path=drone1', { version: v + 1 })).status).toBe(404);
    const { entries, total } = (await api('GET', '/audit?limit=2')).body;
    expect(total).toBe(4);
    expect(entries[0]).toMatchObject({
      by: 'demo-admin',
      action: 'delete',
      path: 'drone1',
      before: { groups: ['vid_private'] },
      after: null,
      at: expect.any(String),
    });
    expect(entries[1]).toMatchObject({ action: 'put', path: '~^ops/', before: null, after: { groups: ['vid_ops; night'] } });
  });
});
