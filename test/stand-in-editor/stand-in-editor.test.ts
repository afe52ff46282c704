import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMediamtxApi, type MediamtxApiDouble } from '../doubles/mediamtx-api/index.ts';
import { EDITOR_ROUTES, EDITOR_TABS, HLS_JS_URL, ICON_FONT_URL, SIDEBAR_GROUPS, startStandInEditor, type StandInEditor } from './index.ts';

const ADMIN_DENIED = '/?message=Access%20denied:%20Admin%20privileges%20required&message_type=danger';
const ANY_AUTH = `Basic ${Buffer.from('any:').toString('base64')}`;

let api: MediamtxApiDouble;
let editor: StandInEditor;

async function login(username: string, password: string): Promise<Response> {
  return fetch(`${editor.url}/login`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ username, password }) });
}
async function cookieFor(role: 'admin' | 'viewer'): Promise<string> {
  const res = await login(`editor-${role}`, `editor-${role}-pass`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}
async function get(path: string, cookie?: string, init: RequestInit = {}): Promise<Response> {
  return fetch(editor.url + path, { redirect: 'manual', ...init, headers: { ...(cookie ? { cookie } : {}), ...init.headers } });
}
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  api = await startMediamtxApi({
    paths: [
      { name: 'cam1', publisherUser: 'pub1', readers: { hlsSession: 2, webRTCSession: 1 } },
      { name: 'live/drone1', publisherUser: 'pilot' },
      { name: 'all' },
      { name: 'livestream', sourceType: 'rtmpConn', publisherUser: 'obs' },
      { name: 'idle', ready: false },
      { name: 'pending', ready: false, sourceType: 'srtConn', publisherUser: 'srt-user' },
      { name: 'relay', sourceType: 'rtspSource' },
    ],
  });
  editor = await startStandInEditor({ mediamtxApiUrl: api.url, hlsViewerPassword: 'shared-hls-pass', groupNames: { pub1: 'Team A' } });
});
afterAll(async () => {
  await editor.stop();
  await api.stop();
});
beforeEach(() => editor.clearHits());

describe('login and logout', () => {
  it('shows a login form, signs a Flask-like session cookie on success and redirects to /', async () => {
    const form = await get('/login');
    expect(form.status).toBe(200);
    expect(await form.text()).toMatch(/<form method="POST" action="\/login">[\s\S]*name="username"[\s\S]*name="password"/);
    const before = editor.logins;
    const res = await login('editor-admin', 'editor-admin-pass');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    expect(res.headers.get('set-cookie')).toMatch(/^session=[\w-]+\.[\w-]+\.[\w-]+; HttpOnly; Path=\/$/);
    const payload = res.headers.get('set-cookie')!.slice('session='.length).split('.')[0]!;
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual({ logged_in: true, role: 'admin', username: 'editor-admin' });
    expect(editor.logins).toBe(before + 1);
  });

  it('answers a failed login with 200 and an error page, no cookie', async () => {
    const [attempts, logins] = [editor.loginAttempts, editor.logins];
    const res = await login('editor-admin', 'wrong');
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.text()).toContain('Invalid username or password');
    expect([editor.loginAttempts, editor.logins]).toEqual([attempts + 1, logins]);
  });

  it('clears the session on /logout and redirects to /login', async () => {
    const res = await get('/logout', await cookieFor('viewer'));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login');
    expect(res.headers.get('set-cookie')).toMatch(/^session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=\/$/);
  });
});

describe('route guards', () => {
  // Every route of the table, as anonymous, viewer and admin: guarded ones must redirect exactly.
  it('redirects per guard for every route in EDITOR_ROUTES', async () => {
    const cookies = { anonymous: undefined, viewer: await cookieFor('viewer'), admin: await cookieFor('admin') };
    const failures: string[] = [];
    // /logout is public and redirects to /login by itself.
    for (const route of EDITOR_ROUTES.filter((r) => r.path !== '/logout')) {
      for (const [who, cookie] of Object.entries(cookies)) {
        const res = await get(route.path, cookie, { method: route.method });
        await res.body?.cancel();
        const location = res.status === 302 ? res.headers.get('location') : null;
        const expected =
          route.guard === 'public' || who === 'admin' || (who === 'viewer' && route.guard === 'login') ? null : who === 'anonymous' ? '/login' : ADMIN_DENIED;
        // Where the guard lets a request through, a form route still redirects to the console with its message: not a guard's redirect.
        const guarded = location === '/login' || location === ADMIN_DENIED;
        if (expected === null ? guarded : location !== expected) failures.push(`${who} ${route.method} ${route.path}: ${res.status} -> ${location}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('records who reached the editor, and lets a viewer reach data routes the editor does not role-check', async () => {
    const viewer = await cookieFor('viewer');
    const res = await get('/get_yaml', viewer);
    expect(await res.text()).toContain('shared-hls-pass');
    expect(await (await get('/api/hlsviewer-credential', viewer)).json()).toEqual({ username: 'hlsviewer', password: 'shared-hls-pass' });
    await get('/save_yaml', viewer, { method: 'POST' });
    expect(editor.hits.map((h) => [h.method, h.path, h.user, h.role])).toEqual([
      ['POST', '/login', null, null],
      ['GET', '/get_yaml', 'editor-viewer', 'viewer'],
      ['GET', '/api/hlsviewer-credential', 'editor-viewer', 'viewer'],
      ['POST', '/save_yaml', 'editor-viewer', 'viewer'],
    ]);
    expect(editor.hits[1]!.cookie).toBe(viewer);
  });

  it('answers unknown paths 404 and wrong methods 405 like Flask', async () => {
    expect((await get('/nope', await cookieFor('admin'))).status).toBe(404);
    const wrong = await get('/save_yaml', await cookieFor('admin'));
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('OPTIONS, POST');
  });
});

describe('console page', () => {
  const tabsOf = (html: string) => [...html.matchAll(/<div id="(\w+)" class="tab-content/g)].map((m) => m[1]);
  const buttonsOf = (html: string) =>
    [...html.matchAll(/<button class="sidebar-item[^"]*" onclick="showTab\('(\w+)', event\)"><span class="sidebar-label">/g)].map((m) => m[1]);

  it("gives an admin every tab in five collapsed groups and a viewer only Active Streams, in the editor's structure", async () => {
    const admin = await (await get('/', await cookieFor('admin'))).text();
    const viewerRes = await get('/?message=Access denied&message_type=danger', await cookieFor('viewer'));
    const viewer = await viewerRes.text();
    expect(tabsOf(admin)).toEqual([...EDITOR_TABS]);
    expect(buttonsOf(admin)).toEqual(SIDEBAR_GROUPS.flatMap((g) => g.tabs));
    expect([...buttonsOf(admin)].sort()).toEqual([...EDITOR_TABS].sort());
    expect(admin).toContain('<div id="dashboard" class="tab-content active">');
    expect(admin).toContain('<button class="sidebar-expand-btn" onclick="toggleSidebar()">');
    for (const g of SIDEBAR_GROUPS) {
      expect(admin).toContain(
        `<div class="sidebar-group collapsed" id="${g.id}">\n<div class="sidebar-group-label" onclick="toggleGroup('${g.id}')"><span class="sidebar-icon"><span class="material-symbols-outlined">${g.icon}</span></span><span class="sidebar-label">${g.label}</span><span class="group-arrow">`,
      );
    }
    expect(tabsOf(viewer)).toEqual(['streams']);
    expect(buttonsOf(viewer)).toEqual(['streams']);
    expect(viewer).toContain('<nav class="sidebar" id="sidebar">\n<div class="sidebar-group">\n<button class="sidebar-item active"');
    expect(viewer).toContain('<div id="streams" class="tab-content active">');
    expect(viewer).toContain('<div class="alert alert-danger" id="flash-message">Access denied</div>');
    for (const [html, who] of [
      [admin, 'editor-admin'],
      [viewer, 'editor-viewer'],
    ] as const) {
      for (const landmark of [
        '<div class="header">',
        '<div class="header-badges">',
        '<span id="status-badge"><span id="status-text">',
        '<span id="stream-count">0</span>',
        '<nav class="sidebar" id="sidebar">',
        '<div class="main-content">\n<div class="content">',
        'id="streams-container"',
        'id="password-modal"',
        '<form method="POST" action="/change_password">',
        '<button class="sidebar-mobile-btn" id="sidebar-mobile-btn" style="display:none;" onclick="toggleMobileSidebar()">',
        '<div class="sidebar-overlay" id="sidebar-overlay" onclick="closeSidebar()">',
        `<div class="header-user">\n<span onclick="document.getElementById('password-modal').style.display='flex'" style="cursor: pointer;"><span class="material-symbols-outlined">person_edit</span> ${who}</span>\n<a href="/logout">Logout</a>`,
        `<link rel="stylesheet" href="${ICON_FONT_URL}" />`,
        `<script src="${HLS_JS_URL}"><\\/script>`,
        "fetch('/api/status')",
        "fetch('/api/streams')",
        'container.innerHTML =',
        'window.innerWidth <= 768',
        "'/watch/' + name",
        'class="share-mode-badge" data-stream-name="',
        'class="watch-stream-btn" data-url="',
        'class="share-link-btn"',
      ]) {
        expect(html).toContain(landmark);
      }
      // As on the editor, hls.js is only named inside the popup-writing script, never loaded by the page itself.
      expect(html).not.toContain(`<script src="${HLS_JS_URL}"></script>`);
      expect(html.endsWith('</body>\n</html>')).toBe(true);
    }
    expect(viewerRes.headers.get('cache-control')).toBe('no-cache, no-store, must-revalidate');
    expect(viewerRes.headers.get('content-encoding')).toBeNull();
  });

  it('answers GET /api/status like the editor, following the service state', async () => {
    const viewer = await cookieFor('viewer');
    expect(await (await get('/api/status', viewer)).json()).toEqual({ status: 'running', color: 'success' });
    editor.setServiceState('activating');
    expect(await (await get('/api/status', viewer)).json()).toEqual({ status: 'starting', color: 'warning' });
    editor.setServiceState('inactive');
    expect(await (await get('/api/status', viewer)).json()).toEqual({ status: 'stopped', color: 'danger' });
    editor.setServiceState('active');
  });

  it("lets only an admin change a stream's link-sharing mode, which /api/streams then reports", async () => {
    const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const refused = await get('/api/share-mode', await cookieFor('viewer'), json({ stream: 'cam1', mode: 'public' }));
    expect([refused.status, await refused.json()]).toEqual([403, { error: 'Unauthorized' }]);
    const admin = await cookieFor('admin');
    expect(await (await get('/api/share-mode', admin, json({ stream: 'cam1', mode: 'public' }))).json()).toEqual({ ok: true, stream: 'cam1', mode: 'public' });
    expect(await (await get('/api/share-mode', admin)).json()).toEqual({ cam1: 'public' });
    const streams = await (await get('/api/streams', admin)).json();
    expect(streams.streams.find((s: { name: string }) => s.name === 'cam1').share_mode).toBe('public');
    await get('/api/share-mode', admin, json({ stream: 'cam1', mode: 'private' }));
  });
});

describe('data routes', () => {
  it('builds /api/streams from the MediaMTX API, skipping `all` and `live/*`', async () => {
    api.requests.length = 0;
    const body = await (await get('/api/streams', await cookieFor('viewer'))).json();
    expect(body.error).toBeUndefined();
    expect(body.streams.map((s: { name: string }) => s.name)).toEqual(['cam1', 'livestream', 'pending', 'relay']);
    expect(body.streams[0]).toEqual({
      name: 'cam1',
      readers: 3,
      ready: true,
      publisher_group: 'Team A',
      publisher_username: 'pub1',
      source_type: 'rtspSession',
      reader_breakdown: { HLS: 2, WebRTC: 1 },
      hls_url: '/hls-proxy/cam1/index.m3u8',
      share_mode: 'private',
    });
    expect(body.streams[1]).toMatchObject({ publisher_username: 'obs', source_type: 'rtmpConn', readers: 0, reader_breakdown: {} });
    expect(body.streams[2]).toMatchObject({ ready: false, publisher_username: 'srt-user', source_type: 'srtConn' });
    expect(body.streams[3]).toMatchObject({ publisher_username: '', source_type: 'rtspSource' });
    const paths = api.requests.map((r) => r.path);
    expect(paths.slice(0, 6)).toEqual([
      '/v3/paths/list',
      '/v3/paths/get/cam1',
      '/v3/paths/get/idle',
      '/v3/paths/get/livestream',
      '/v3/paths/get/pending',
      '/v3/paths/get/relay',
    ]);
    expect(paths).not.toContain('/v3/paths/get/live/drone1');
    expect(api.requests.every((r) => r.authorization === ANY_AUTH)).toBe(true);
  });

  it('answers {streams: [], error} when the MediaMTX API is down', async () => {
    const down = await startMediamtxApi();
    await down.stop();
    const lonely = await startStandInEditor({ mediamtxApiUrl: down.url });
    try {
      const res = await fetch(`${lonely.url}/login`, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({ username: 'editor-viewer', password: 'editor-viewer-pass' }),
      });
      const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
      const body = await (await fetch(`${lonely.url}/api/streams`, { headers: { cookie } })).json();
      expect(body.streams).toEqual([]);
      expect(typeof body.error).toBe('string');
    } finally {
      await lonely.stop();
    }
  });

  it('lets any logged-in user mint a share link for any stream', async () => {
    const res = await get('/api/share-links/generate', await cookieFor('viewer'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ stream: 'secret-cam', ttl: '24h' }),
    });
    const body = await res.json();
    expect(body).toMatchObject({ ok: true, stream: 'secret-cam', ttl_label: '24 hours' });
    expect(body.url).toBe(`/shared/${body.token}`);
  });

  it('serves the public logo and the public watch page with the shared HLS password', async () => {
    const logo = await get('/api/theme/logo');
    expect(logo.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await logo.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    expect(await (await get('/watch/cam1')).text()).toContain("const HLS_PASS = 'shared-hls-pass';");
  });
});

describe('sessions, event stream and file transfer', () => {
  it('restart() invalidates every existing session', async () => {
    const cookie = await cookieFor('admin');
    expect((await get('/api/status', cookie)).status).toBe(200);
    editor.restart();
    const after = await get('/api/status', cookie);
    expect(after.status).toBe(302);
    expect(after.headers.get('location')).toBe('/login');
    expect(editor.hits.at(-1)).toMatchObject({ path: '/api/status', user: null, role: null });
    expect((await get('/api/status', await cookieFor('admin'))).status).toBe(200);
  });

  it('sends the first log event long before the event stream ends', async () => {
    const started = Date.now();
    const res = await get('/stream_logs', await cookieFor('viewer'));
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const first = await reader.read();
    const firstAt = Date.now() - started;
    let text = new TextDecoder().decode(first.value);
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += new TextDecoder().decode(chunk.value);
    const endedAt = Date.now() - started;
    expect(text.startsWith('data: ')).toBe(true);
    expect(text.match(/^data: .+\n\n/gm)).toHaveLength(8);
    expect(firstAt).toBeLessThan(500);
    expect(endedAt).toBeGreaterThan(1200);
  });

  it('round-trips a 5 MB upload through /api/test/upload and /api/recordings/download', async () => {
    const cookie = await cookieFor('viewer');
    const bytes = randomBytes(5 * 1024 * 1024);
    const form = new FormData();
    form.append('file', new Blob([bytes]), 'big test.bin');
    const up = await (await get('/api/test/upload', cookie, { method: 'POST', body: form })).json();
    expect(up).toEqual({ ok: true, filename: 'big_test.bin', size: bytes.length, sha256: sha256(bytes) });
    expect(editor.files.get('big_test.bin')?.length).toBe(bytes.length);
    const down = await get('/api/recordings/download/big_test.bin', cookie);
    expect(down.headers.get('content-type')).toBe('application/octet-stream');
    expect(down.headers.get('content-disposition')).toMatch(/^attachment; filename=big_test\.bin$/);
    expect(sha256(new Uint8Array(await down.arrayBuffer()))).toBe(sha256(bytes));
    expect((await get('/api/recordings/download/missing.mp4', cookie)).status).toBe(404);
  });
});

describe('saving mediamtx.yml', () => {
  const form = (fields: Record<string, string>) => ({ method: 'POST', body: new URLSearchParams(fields) });
  const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('serves a saved YAML from then on, and refuses one that does not parse with a danger redirect, keeping the file', async () => {
    const admin = await cookieFor('admin');
    const original = await (await get('/get_yaml', admin)).text();
    const saved = `${original}readTimeout: 20s\n`;
    const ok = await get('/save_yaml', admin, form({ yaml_content: saved, current_tab: 'advanced' }));
    expect([ok.status, ok.headers.get('location')]).toEqual([302, '/?message=YAML%20saved%20successfully&message_type=success&tab=advanced']);
    expect(await (await get('/get_yaml', admin)).text()).toBe(saved);
    const bad = await get('/save_yaml', admin, form({ yaml_content: 'logLevel: [unclosed' }));
    expect(bad.status).toBe(302);
    expect(bad.headers.get('location')).toMatch(/^\/\?message=Invalid%20YAML%20syntax:.*&message_type=danger&tab=advanced$/);
    expect((await get('/save_yaml', admin, form({}))).headers.get('location')).toMatch(/message_type=danger/);
    expect(editor.config).toBe(saved);
    await get('/save_yaml', admin, form({ yaml_content: original }));
  });

  it('adds, updates and removes MediaMTX users in the file', async () => {
    const admin = await cookieFor('admin');
    const users = async () => ((await (await get('/api/mediamtx/users', admin)).json()) as { users: Array<{ user: string; pass: string }> }).users;
    expect(await (await get('/api/mediamtx/users/add', admin, json({ username: 'cam-pub', password: 'p1', permissions: ['publish'] }))).json()).toEqual({
      success: true,
    });
    expect((await get('/api/mediamtx/users/add', admin, json({ username: 'cam-pub', password: 'p1', permissions: ['publish'] }))).status).toBe(400);
    expect((await users()).find((u) => u.user === 'cam-pub')).toMatchObject({ pass: 'p1' });
    await get('/api/mediamtx/users/update', admin, json({ oldUsername: 'cam-pub', username: 'cam-pub', password: 'p2', permissions: ['read'] }));
    expect(editor.config).toMatch(/pass: p2/);
    expect(await (await get('/api/mediamtx/users/revoke', admin, json({ username: 'cam-pub' }))).json()).toEqual({ success: true });
    expect((await get('/api/mediamtx/users/revoke', admin, json({ username: 'cam-pub' }))).status).toBe(404);
    expect((await users()).map((u) => u.user)).not.toContain('cam-pub');
  });

  it('adds a user as the real editor does: text above authHTTPAddress, nothing at all without that line, success either way', async () => {
    const admin = await cookieFor('admin');
    const original = editor.config;
    const add = (username: string) => get('/api/mediamtx/users/add', admin, json({ username, password: 'p1', permissions: ['read'], groupName: 'Ops' }));
    expect(await (await add('text-user')).json()).toEqual({ success: true });
    expect(editor.config).toContain('# Ops\n- user: text-user\n  pass: "p1"\n  ips: []\n  permissions:\n  - action: read\nauthHTTPAddress:');
    await get('/save_yaml', admin, form({ yaml_content: original.replace(/^authHTTPAddress:.*\n/m, '') }));
    const without = editor.config;
    expect(await (await add('lost-user')).json()).toEqual({ success: true });
    expect(editor.config).toBe(without);
    await get('/save_yaml', admin, form({ yaml_content: original }));
  });

  it('refuses what the real editor refuses: an update with no permission, and removing the localhost exemption', async () => {
    const admin = await cookieFor('admin');
    const before = editor.config;
    const noPermission = await get(
      '/api/mediamtx/users/update',
      admin,
      json({ oldUsername: 'hlsviewer', username: 'hlsviewer', password: 'x', permissions: [] }),
    );
    expect([noPermission.status, await noPermission.json()]).toEqual([400, { success: false, error: 'At least one permission required' }]);
    const exemption = await get('/api/mediamtx/users/revoke', admin, json({ username: 'any', ips: ['127.0.0.1', '::1'] }));
    expect([exemption.status, await exemption.json()]).toEqual([400, { success: false, error: 'Cannot delete localhost exemption (required for FFmpeg)' }]);
    expect(editor.config).toBe(before);
  });
});
