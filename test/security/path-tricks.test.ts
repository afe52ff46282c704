/**
 * Attack table: path tricks × roles, through the overlay (forward-auth directory mode, real slapd)
 * into the stand-in editor, which routes raw targets like the real editor's Werkzeug. What the
 * overlay decides on must be what the editor routes, so every ambiguous spelling is refused before
 * anyone is identified, and `//` spellings are redirected to the one both sides read alike.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { rawRequest } from '../harness/raw-http.ts';
import { putRuleAsAdmin } from '../harness/overlay-calls.ts';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ mode: 'forward-auth', ldap: inject('ldap') });
  await putRuleAsAdmin(stack.overlay.url, { path: 'drone1', groups: ['vid_private'] });
});
afterAll(() => stack?.stop());

const ROLES = {
  anonymous: {},
  'no group (carol)': asForwardAuthUser('carol'),
  'viewer (demo-viewer)': asForwardAuthUser('demo-viewer'),
  'admin (demo-admin)': asForwardAuthUser('demo-admin'),
} satisfies Record<string, Record<string, string>>;

const DOTS = '/%2e%2e'.repeat(6);

/** Each would be decided as one path and routed by the editor as another: refused for everyone. */
const REFUSED: Array<[what: string, target: string, refusedBy?: 'node']> = [
  ['encoded dot segments into a <path:…> converter', `/api/recordings/hls/s/f.mp4/x${DOTS}/static/a`],
  ['literal dot segments into a <path:…> converter', '/api/recordings/hls/s/f.mp4/x/../../../../../../static/a'],
  ['mixed-case encoded dots', '/static/.%2E/get_yaml'],
  ['upper-case encoded dots', '/static/%2E%2E/get_yaml'],
  ['a lone encoded dot', '/%2e/get_yaml'],
  ['a lone dot', '/./get_yaml'],
  ['watch with encoded dots', '/watch/%2e%2e/'],
  ['watch with dots', '/watch/..'],
  ['shared-hls with encoded dots', '/shared-hls/t/%2e%2e/x'],
  ['an encoded slash', '/api%2fstreams'],
  ['an encoded slash, lower case', '/api%2fmediamtx%2fusers'],
  ['an encoded slash next to dots', '/static/..%2fget_yaml'],
  ['an encoded backslash', '/static/..%5cget_yaml'],
  // node's own HTTP parser refuses a raw backslash before the overlay sees the request.
  ['a raw backslash', '/static\\..\\get_yaml', 'node'],
  ['an encoded slash after a leading slash', '/%2f/get_yaml'],
  ['an encoded NUL', '/get_yaml%00'],
  ['a malformed escape', '/static/%E0%A4%A'],
  ['an absolute-form target', 'http://127.0.0.1/get_yaml'],
];

/** Spelled with repeated slashes: Werkzeug reads `//x` as `/x`; the overlay sends the browser there. */
const REDIRECTED: Array<[target: string, location: string]> = [
  ['//get_yaml', '/get_yaml'],
  ['//api/streams', '/api/streams'],
  ['//api/hlsviewer-credential', '/api/hlsviewer-credential'],
  ['/api//streams?x=1', '/api/streams?x=1'],
];

/** What these tricks won before: the shared HLS password, and the unfiltered stream list. */
function expectNothingLeaked(body: string) {
  expect(body).not.toContain(stack.editor.hlsViewerPassword);
  expect(body).not.toContain('drone1');
}

describe('path tricks are refused before anyone is identified', () => {
  for (const [role, headers] of Object.entries(ROLES)) {
    it.each(REFUSED)(`${role}: %s → 400, the editor never asked`, async (_, target, refusedBy) => {
      stack.editor.clearHits();
      const res = await rawRequest(stack.overlay.url, target, { headers: { ...headers, Accept: 'application/json' } });
      expect(res.status).toBe(400);
      if (refusedBy !== 'node') expect(JSON.parse(res.body)).toMatchObject({ title: 'Bad request path' });
      expect(stack.editor.hits).toEqual([]);
      expectNothingLeaked(res.body);
    });

    it.each(REDIRECTED)(`${role}: %s → 308 to %s, the editor never asked`, async (target, location) => {
      stack.editor.clearHits();
      const res = await rawRequest(stack.overlay.url, target, { headers });
      expect(res.status).toBe(308);
      expect(res.headers.location).toBe(location);
      expect(stack.editor.hits).toEqual([]);
      expectNothingLeaked(res.body);
    });
  }
});

describe('plain escapes are decided on the decoded path, as the editor routes them', () => {
  it('a viewer is refused an admin route however its letters are escaped', async () => {
    stack.editor.clearHits();
    const res = await rawRequest(stack.overlay.url, '/%67et_yaml', { headers: { ...ROLES['viewer (demo-viewer)'], Accept: 'application/json' } });
    expect(res.status).toBe(403);
    expect(stack.editor.hits).toEqual([]);
  });

  it('an escaped /api/streams is filtered like the plain one', async () => {
    const headers = { ...ROLES['viewer (demo-viewer)'], Accept: 'application/json' };
    const plain = await rawRequest(stack.overlay.url, '/api/streams', { headers });
    const escaped = await rawRequest(stack.overlay.url, '/api/%73treams', { headers });
    expect(plain.status).toBe(200);
    const names = (body: string) => (JSON.parse(body) as { streams: Array<{ name: string }> }).streams.map((s) => s.name);
    expect(names(plain.body)).not.toContain('drone1');
    expect(names(escaped.body)).toEqual(names(plain.body));
  });

  it('an admin still reaches escaped editor routes', async () => {
    stack.editor.clearHits();
    const res = await rawRequest(stack.overlay.url, '/%67et_yaml', { headers: ROLES['admin (demo-admin)'] });
    expect(res.status).toBe(200);
    // (after the overlay's own upstream login, when it had none yet)
    expect(stack.editor.hits.filter((h) => h.route !== '/login').map((h) => h.route)).toEqual(['/get_yaml']);
  });
});
