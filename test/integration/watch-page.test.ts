/**
 * `/watch/<name>`, where the editor's Watch button sends phones: in directory mode the overlay's
 * own player page, with the person's own playback credential, only for streams their groups may
 * see; 404 otherwise, the same whether or not the stream exists. The editor is never asked (its
 * page embeds the shared hlsviewer password).
 */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { rawRequest } from '../harness/raw-http.ts';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';

let stack: Stack;
let jwt: Stack;
beforeAll(async () => {
  [stack, jwt] = await Promise.all([
    startStack({ mode: 'forward-auth', ldap: inject('ldap') }),
    startStack({ mode: 'forward-auth', ldap: inject('ldap'), env: { MEDIAMTX_AUTH: 'jwt' } }),
  ]);
  for (const s of [stack, jwt]) {
    s.mediamtx.setPaths([
      { name: 'cam1', ready: true, sourceType: 'rtspSession' },
      { name: 'drone1', ready: true, sourceType: 'rtmpConn' },
      { name: 'live/cam1', ready: true, sourceType: 'rtspSession' },
      { name: 'ops/night1', ready: true, sourceType: 'srtConn' },
    ]);
    const rules = [
      { path: 'drone1', groups: ['vid_private'] },
      { path: 'live/*', groups: ['vid_public'] },
      { path: 'ops/**', groups: ['vid_private'] },
    ];
    for (const [version, rule] of rules.entries()) {
      const headers = { ...asForwardAuthUser('demo-admin'), 'Content-Type': 'application/json', 'If-Match': `"${version}"` };
      const res = await fetch(`${s.overlay.url}/_overlay/api/rules`, { method: 'PUT', headers, body: JSON.stringify(rule) });
      expect(res.status).toBe(200);
    }
  }
});
afterAll(async () => {
  await Promise.all([stack?.stop(), jwt?.stop()]);
});

/** The page as the phone gets it, and whether the editor was asked. */
async function watch(target: Stack, user: string | null, path: string) {
  target.editor.clearHits();
  const res = await rawRequest(target.overlay.url, path, { headers: user ? { ...asForwardAuthUser(user), Accept: 'text/html' } : { Accept: 'text/html' } });
  return { ...res, editorHits: target.editor.hits.length };
}

/** What the player is told to play: the playlist URL and, in JWT mode, the Bearer token. */
function player(html: string): { src: string; bearer: string | null } {
  const video = /<video\b[^>]*>/.exec(html)?.[0] ?? '';
  const attr = (name: string) => /=("|')(.*?)\1/.exec(new RegExp(`\\b${name}=("[^"]*"|'[^']*')`).exec(video)?.[0] ?? '')?.[2] ?? null;
  return { src: attr('data-src')!.replaceAll('&amp;', '&'), bearer: attr('data-bearer') };
}

describe('the watch page (MEDIAMTX_AUTH=http)', () => {
  it("plays a viewer's own stream with her own playback token, never the shared password", async () => {
    const res = await watch(stack, 'demo-viewer', '/watch/cam1');
    expect([res.status, res.editorHits]).toEqual([200, 0]);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).not.toContain(stack.editor.hlsViewerPassword);
    const { src, bearer } = player(res.body);
    expect(bearer).toBeNull();
    const url = new URL(src, stack.overlay.url);
    expect(url.pathname).toBe('/hls-proxy/cam1/index.m3u8');
    expect(await stack.overlay.services!.tokens.verify(url.searchParams.get('token')!)).toMatchObject({ user: 'demo-viewer' });
  });

  it('loads hls.js and its player script from the overlay, with no inline script and a strict CSP', async () => {
    const res = await watch(stack, 'demo-viewer', '/watch/cam1');
    const scripts = [...res.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const [, attrs, inline] of scripts) {
      expect(inline).toBe('');
      const src = /src="([^"]+)"/.exec(attrs!)![1]!;
      expect(src).toMatch(/^\/_overlay\/assets\//);
      const script = await rawRequest(stack.overlay.url, src, { headers: asForwardAuthUser('demo-viewer') });
      expect([src, script.status, script.headers['content-type']]).toEqual([src, 200, 'text/javascript; charset=utf-8']);
    }
    expect(res.body).toMatch(/\/hls\.min\.js"/);
    expect(res.body).not.toMatch(/cdn\.jsdelivr|googleapis/);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('takes stream names with "/"', async () => {
    const res = await watch(stack, 'demo-viewer', '/watch/live/cam1');
    expect([res.status, res.editorHits]).toEqual([200, 0]);
    expect(new URL(player(res.body).src, stack.overlay.url).pathname).toBe('/hls-proxy/live/cam1/index.m3u8');
  });

  it("answers 404 for another group's stream, exactly as for one that does not exist", async () => {
    const hidden = await watch(stack, 'demo-viewer', '/watch/ops/night1');
    const missing = await watch(stack, 'demo-viewer', '/watch/ops/ghost');
    const other = await watch(stack, 'demo-viewer', '/watch/drone1');
    for (const res of [hidden, missing, other]) {
      expect([res.status, res.editorHits]).toEqual([404, 0]);
      expect(res.body).toBe(hidden.body);
      expect(res.body).not.toContain('token=');
    }
    expect(hidden.body).not.toContain('night1');
    const { date: _a, ...hiddenHeaders } = hidden.headers;
    const { date: _b, ...missingHeaders } = missing.headers;
    expect(missingHeaders).toEqual(hiddenHeaders);
    // alice is in vid_private: the same stream plays for her.
    expect((await watch(stack, 'alice', '/watch/ops/night1')).status).toBe(200);
  });

  it.each([
    ['/watch/', 'no name'],
    ['/watch/cam1/', 'a trailing slash'],
    ['/watch/live/*', 'a glob'],
    ['/watch/live/**', 'a glob of segments'],
    ['/watch/~^cam', 'a regex'],
    ['/watch/cam%201', 'a space'],
    ['/watch/cam1:x', 'a character MediaMTX does not allow'],
    [`/watch/${'a'.repeat(256)}`, 'a name too long'],
  ])('answers 404 for %s (%s), without asking the editor', async (path) => {
    const res = await watch(stack, 'demo-admin', path);
    expect([res.status, res.editorHits]).toEqual([404, 0]);
    expect(res.body).toBe((await watch(stack, 'demo-viewer', '/watch/ops/ghost')).body);
  });

  it('refuses dot segments before anything else', async () => {
    for (const path of ['/watch/..', '/watch/%2e%2e/get_yaml', '/watch/cam1/../drone1']) {
      const res = await watch(stack, 'demo-viewer', path);
      expect([path, res.status, res.editorHits]).toEqual([path, 400, 0]);
    }
  });

  it('lets an admin watch any stream, with his own token', async () => {
    const res = await watch(stack, 'demo-admin', '/watch/ops/night1');
    expect([res.status, res.editorHits]).toEqual([200, 0]);
    expect(res.body).not.toContain(stack.editor.hlsViewerPassword);
    const url = new URL(player(res.body).src, stack.overlay.url);
    expect(await stack.overlay.services!.tokens.verify(url.searchParams.get('token')!)).toMatchObject({ user: 'demo-admin' });
  });

  it('keeps people without stream access and anonymous requests out', async () => {
    expect((await watch(stack, 'carol', '/watch/cam1')).status).toBe(403);
    const anonymous = await watch(stack, null, '/watch/cam1');
    expect([anonymous.status, anonymous.editorHits]).toEqual([401, 0]);
  });

  it("never lets another method reach the editor's page", async () => {
    stack.editor.clearHits();
    const res = await rawRequest(stack.overlay.url, '/watch/cam1', {
      method: 'POST',
      headers: { ...asForwardAuthUser('demo-admin'), Origin: stack.overlay.url, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect([res.status, stack.editor.hits.length]).toEqual([405, 0]);
  });
});

describe('the watch page (MEDIAMTX_AUTH=jwt)', () => {
  it("hands the player the person's own MediaMTX JWT as a Bearer token, with no token in the URL", async () => {
    const res = await watch(jwt, 'demo-viewer', '/watch/live/cam1');
    expect([res.status, res.editorHits]).toEqual([200, 0]);
    expect(res.body).not.toContain(jwt.editor.hlsViewerPassword);
    const { src, bearer } = player(res.body);
    expect(src).toBe('/hls-proxy/live/cam1/index.m3u8');
    expect(decodeJwt(bearer!)).toMatchObject({ sub: 'demo-viewer', mediamtx_permissions: expect.arrayContaining([{ action: 'read', path: 'cam1' }]) });
    expect((await watch(jwt, 'demo-viewer', '/watch/drone1')).status).toBe(404);
  });
});
