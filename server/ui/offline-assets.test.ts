import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { OverlayEnv } from '../http/env.ts';
import { createErrorRenderer } from '../http/errors.ts';
import { assetRoutes } from './asset-routes.ts';
import { createOfflineAssets } from './offline-assets.ts';

const require = createRequire(import.meta.url);
const assets = createOfflineAssets();
const silent = { info() {}, error() {} } as never;

/** The asset routes as the app mounts them: after the request-target guard has set the decoded path. */
const app = new Hono<OverlayEnv>();
app.onError(createErrorRenderer(silent));
app.use('*', async (c, next) => {
  c.set('path', decodeURIComponent(new URL(c.req.url).pathname));
  await next();
});
app.route('/', assetRoutes(assets));
app.all('*', (c) => c.text('reached the editor', 299 as never));
const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

describe('the offline assets', () => {
  it('serve hls.js and the icon font from their npm packages, under URLs that name the content', () => {
    expect(assets.hlsJs.identity.equals(readFileSync(require.resolve('hls.js/dist/hls.min.js')))).toBe(true);
    expect(assets.font.identity.equals(readFileSync(require.resolve('@material-symbols/font-400/material-symbols-outlined.woff2')))).toBe(true);
    expect(assets.hlsJs.url).toBe(`/_overlay/assets/${assets.hlsJs.hash}/hls.min.js`);
    expect(assets.font.url).toMatch(/^\/_overlay\/assets\/[\w-]{22}\/material-symbols-outlined\.woff2$/);
    expect(assets.iconCss.url).toMatch(/^\/_overlay\/assets\/[\w-]{22}\/material-symbols-outlined\.css$/);
  });

  it("define the class Google's stylesheet defines, on a face whose woff2 is served", async () => {
    const css = assets.iconCss.identity.toString();
    const face = /@font-face\s*{([^}]*)}/.exec(css)![1]!;
    expect(face).toContain("font-family: 'Material Symbols Outlined'");
    const src = /src: url\(([^)]+)\) format\('woff2'\)/.exec(face)![1]!;
    expect(src).toBe(assets.font.url);
    const font = await get(src);
    expect([font.status, font.headers.get('content-type')]).toEqual([200, 'font/woff2']);
    expect(
      Buffer.from(await font.arrayBuffer())
        .subarray(0, 4)
        .toString('latin1'),
    ).toBe('wOF2');
    const rule = /\.material-symbols-outlined\s*{([^}]*)}/.exec(css)![1]!;
    for (const declaration of [
      "font-family: 'Material Symbols Outlined'",
      "font-feature-settings: 'liga'",
      'white-space: nowrap',
      'direction: ltr',
      'font-size: 24px',
      'line-height: 1',
      'display: inline-block',
    ]) {
      expect(rule).toContain(declaration);
    }
  });
});

describe('the asset routes', () => {
  it.each([
    ['hls.js', () => assets.hlsJs, 'text/javascript; charset=utf-8'],
    ['the icon stylesheet', () => assets.iconCss, 'text/css; charset=utf-8'],
    ['the font', () => assets.font, 'font/woff2'],
    ["the phone player's script", () => assets.watchPlayer, 'text/javascript; charset=utf-8'],
  ])('serve %s with its type, a strong ETag and a year of caching', async (_name, pick, type) => {
    const asset = pick();
    const res = await get(asset.url, { 'accept-encoding': 'identity' });
    expect(res.status).toBe(200);
    expect(
      Object.fromEntries(['content-type', 'cache-control', 'etag', 'x-content-type-options', 'content-encoding'].map((h) => [h, res.headers.get(h)])),
    ).toEqual({
      'content-type': type,
      'cache-control': 'private, max-age=31536000, immutable',
      etag: `"${asset.hash}"`,
      'x-content-type-options': 'nosniff',
      'content-encoding': null,
    });
    expect(Buffer.from(await res.arrayBuffer()).equals(asset.identity)).toBe(true);
    const again = await get(asset.url, { 'if-none-match': `"${asset.hash}"` });
    expect(again.status).toBe(304);
  });

  it('compress text when the browser allows, and never the already compressed font', async () => {
    const br = await get(assets.hlsJs.url, { 'accept-encoding': 'gzip, br' });
    expect([br.headers.get('content-encoding'), br.headers.get('vary'), br.headers.get('etag')]).toEqual([
      'br',
      'Accept-Encoding',
      `"${assets.hlsJs.hash}-br"`,
    ]);
    const brBody = Buffer.from(await br.arrayBuffer());
    expect(brBody.length).toBeLessThan(assets.hlsJs.identity.length / 3);
    expect(brotliDecompressSync(brBody).equals(assets.hlsJs.identity)).toBe(true);
    const gz = await get(assets.iconCss.url, { 'accept-encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).equals(assets.iconCss.identity)).toBe(true);
    const font = await get(assets.font.url, { 'accept-encoding': 'gzip, br' });
    expect([font.headers.get('content-encoding'), font.headers.get('vary')]).toEqual([null, null]);
  });

  it.each([
    ['an unknown file', '/_overlay/assets/x/hls.min.js'],
    ['a known name under another hash', `/_overlay/assets/AAAAAAAAAAAAAAAAAAAAAA/hls.min.js`],
    ['the hash alone', `/_overlay/assets/${assets.hlsJs.hash}`],
    ['the prefix', '/_overlay/assets/'],
    ['another file of the package', `/_overlay/assets/${assets.font.hash}/material-symbols-rounded.woff2`],
  ])('answer 404 for %s, without asking the editor', async (_what, path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('reached the editor');
  });
});
