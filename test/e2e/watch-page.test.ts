/**
 * The phone player page (/watch/<name>) in real Chromium at a phone's size, through the overlay in
 * forward-auth mode: its scripts load under its Content-Security-Policy, hls.js asks for the
 * stream's playlist with the person's own credential (the playback token in the URL; in JWT mode
 * a Bearer header), and the page reaches nothing off the machine. The playlist is answered by the
 * test (there is no MediaMTX HLS server here); the credential MediaMTX would check is what counts.
 */
import type { Browser, BrowserContext, Request } from 'playwright-core';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';
import { launchChromium, pageWatch } from './chromium.ts';

const PLAYLIST = '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:2.0,\nsegment0.ts\n';

let browser: Browser | undefined;
let http: Stack;
let jwt: Stack;
beforeAll(async () => {
  browser = await launchChromium();
  [http, jwt] = await Promise.all([
    startStack({ mode: 'forward-auth', ldap: inject('ldap') }),
    startStack({ mode: 'forward-auth', ldap: inject('ldap'), env: { MEDIAMTX_AUTH: 'jwt' } }),
  ]);
}, 60_000);
afterAll(async () => {
  await browser?.close().catch(() => {});
  await Promise.all([http?.stop(), jwt?.stop()]);
});

/** A phone that reaches only the overlay, signed in through (simulated) forward auth. */
async function phone(stack: Stack, username: string) {
  const watch = pageWatch();
  const origin = stack.overlay.url;
  const context: BrowserContext = await browser!.newContext({ viewport: { width: 390, height: 844 }, extraHTTPHeaders: asForwardAuthUser(username) });
  const playlists: Request[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== origin) {
      watch.blocked.add(url.origin);
      return route.abort('blockedbyclient');
    }
    if (url.pathname.startsWith('/hls-proxy/')) {
      if (url.pathname.endsWith('.m3u8')) {
        playlists.push(route.request());
        return route.fulfill({ status: 200, contentType: 'application/vnd.apple.mpegurl', body: PLAYLIST });
      }
      return route.fulfill({ status: 404, body: '' });
    }
    return route.continue();
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => watch.pageErrors.push(error.message));
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return { page, watch, playlists, cspViolations, close: () => context.close() };
}

describe('the phone player page in Chromium', () => {
  it("asks for the playlist with the viewer's own playback token", async () => {
    const { page, watch, playlists, cspViolations, close } = await phone(http, 'demo-viewer');
    try {
      const res = await page.goto(`${http.overlay.url}/watch/cam1`);
      expect(res!.status()).toBe(200);
      await expect.poll(() => playlists.length, { timeout: 10_000 }).toBeGreaterThan(0);
      const url = new URL(playlists[0]!.url());
      expect(url.pathname).toBe('/hls-proxy/cam1/index.m3u8');
      expect(await http.overlay.services!.tokens.verify(url.searchParams.get('token')!)).toMatchObject({ user: 'demo-viewer' });
      // hls.js parsed the playlist: the page cleared its "Loading" line.
      await expect.poll(() => page.locator('#player-status').textContent(), { timeout: 10_000 }).not.toContain('Loading');
      expect(await page.content()).not.toContain(http.editor.hlsViewerPassword);
      expect([...watch.blocked]).toEqual([]);
      expect(watch.pageErrors).toEqual([]);
      expect(cspViolations).toEqual([]);
    } finally {
      await close();
    }
  }, 30_000);

  it("sends the viewer's own MediaMTX JWT as a Bearer token in JWT mode", async () => {
    const { page, watch, playlists, cspViolations, close } = await phone(jwt, 'demo-viewer');
    try {
      await page.goto(`${jwt.overlay.url}/watch/cam1`);
      await expect.poll(() => playlists.length, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(new URL(playlists[0]!.url()).search).toBe('');
      const authorization = await playlists[0]!.headerValue('authorization');
      expect(authorization).toMatch(/^Bearer /);
      expect(decodeJwt(authorization!.slice('Bearer '.length))).toMatchObject({ sub: 'demo-viewer' });
      expect([...watch.blocked]).toEqual([]);
      expect(watch.pageErrors).toEqual([]);
      expect(cspViolations).toEqual([]);
    } finally {
      await close();
    }
  }, 30_000);
});
