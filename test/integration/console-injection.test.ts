/**
 * The console panel bundle: injected into the editor's HTML pages for signed-in users in
 * directory mode only, and served at /_overlay/overlay.js with validators and compression.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';

const BUNDLE = `// console panels (test build)\n${'customElements.define("x-panel", class extends HTMLElement {});\n'.repeat(200)}`;
const HASH = createHash('sha256').update(BUNDLE).digest('base64url').slice(0, 22);
// The style hides the editor's service-account name and password modal from the first paint.
const TAG = `<style data-vid-overlay>.header-user>[onclick*="password-modal"],#password-modal{display:none!important}</style><script type="module" src="/_overlay/overlay.js?v=${HASH}"></script>`;

let dir: string;
let bundlePath: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overlay-ui-'));
  bundlePath = join(dir, 'overlay.js');
  await writeFile(bundlePath, BUNDLE);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Raw HTTP, so Content-Length and Content-Encoding are seen exactly as sent. */
function raw(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('in directory mode', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ mode: 'forward-auth', ldap: inject('ldap'), app: { uiBundlePath: bundlePath } });
  });
  afterAll(() => stack?.stop());

  it.each(['demo-viewer', 'demo-admin'])('injects the script before </body> of the console page for %s, with a correct Content-Length', async (user) => {
    const res = await raw(`${stack.overlay.url}/`, asForwardAuthUser(user));
    expect(res.status).toBe(200);
    const html = res.body.toString('utf8');
    expect(html.split(TAG)).toHaveLength(2);
    expect(html.endsWith(`${TAG}</body>\n</html>`)).toBe(true);
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
  });

  it('leaves JSON answers alone', async () => {
    const streams = await raw(`${stack.overlay.url}/api/streams`, asForwardAuthUser('demo-admin'));
    expect(streams.body.toString()).not.toContain('overlay.js');
  });

  it('serves the bundle to signed-in users with a strong ETag, and 304 when it has not changed', async () => {
    const res = await raw(`${stack.overlay.url}/_overlay/overlay.js`, { ...asForwardAuthUser('demo-viewer'), 'Accept-Encoding': 'identity' });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe(BUNDLE);
    expect(res.headers).toMatchObject({
      etag: `"${HASH}"`,
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'private, no-cache',
      vary: 'Accept-Encoding',
    });
    const again = await raw(`${stack.overlay.url}/_overlay/overlay.js`, { ...asForwardAuthUser('demo-viewer'), 'If-None-Match': `"${HASH}"` });
    expect([again.status, again.body.length]).toEqual([304, 0]);
    // The hashed URL the page uses may be kept.
    const hashed = await raw(`${stack.overlay.url}/_overlay/overlay.js?v=${HASH}`, asForwardAuthUser('demo-admin'));
    expect(hashed.headers['cache-control']).toBe('private, max-age=31536000, immutable');
  });

  it('compresses when asked', async () => {
    const gz = await raw(`${stack.overlay.url}/_overlay/overlay.js`, { ...asForwardAuthUser('demo-viewer'), 'Accept-Encoding': 'gzip' });
    expect(gz.headers).toMatchObject({ 'content-encoding': 'gzip', etag: `"${HASH}-gzip"` });
    expect(gz.body.length).toBeLessThan(BUNDLE.length / 5);
    expect(gunzipSync(gz.body).toString()).toBe(BUNDLE);
    const br = await raw(`${stack.overlay.url}/_overlay/overlay.js`, { ...asForwardAuthUser('demo-viewer'), 'Accept-Encoding': 'gzip, br' });
    expect(br.headers['content-encoding']).toBe('br');
    const notModified = await raw(`${stack.overlay.url}/_overlay/overlay.js`, {
      ...asForwardAuthUser('demo-viewer'),
      'Accept-Encoding': 'gzip',
      'If-None-Match': `"${HASH}-br"`,
    });
    expect(notModified.status).toBe(304);
  });

  it("points the page's CDN URLs at the overlay's own copies, which signed-in users can load", async () => {
    const page = (await raw(`${stack.overlay.url}/`, asForwardAuthUser('demo-viewer'))).body.toString('utf8');
    expect(page).not.toContain('cdn.jsdelivr.net');
    expect(page).not.toMatch(/fonts\.googleapis\.com\/css2\?family=Material/);
    const urls = [...new Set(page.match(/\/_overlay\/assets\/[\w-]+\/[\w.-]+/g))];
    expect(urls.some((u) => u.endsWith('/hls.min.js'))).toBe(true);
    for (const url of urls) {
      stack.editor.clearHits();
      const res = await raw(`${stack.overlay.url}${url}`, asForwardAuthUser('demo-viewer'));
      expect([url, res.status, res.headers['cache-control']]).toEqual([url, 200, 'private, max-age=31536000, immutable']);
      expect(stack.editor.hits).toHaveLength(0);
    }
    expect((await raw(`${stack.overlay.url}${urls[0]}`, asForwardAuthUser('carol'))).status).toBe(403);
    expect((await raw(`${stack.overlay.url}${urls[0]}`, {})).status).toBe(401);
  });

  it('keeps the bundle from people without stream access and from requests without the proxy secret', async () => {
    expect((await raw(`${stack.overlay.url}/_overlay/overlay.js`, asForwardAuthUser('carol'))).status).toBe(403);
    expect((await raw(`${stack.overlay.url}/_overlay/overlay.js`, {})).status).toBe(401);
  });
});

describe('without a built bundle', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ mode: 'forward-auth', ldap: inject('ldap'), app: { uiBundlePath: join(dir, 'not-built.js') } });
  });
  afterAll(() => stack?.stop());

  it('says to build it, once at start, and the editor keeps working without the panels', async () => {
    await expect.poll(() => stack.overlay.logs.filter((l) => String(l.msg).includes('`npm run build`'))).toHaveLength(1);
    const res = await fetch(`${stack.overlay.url}/_overlay/overlay.js`, { headers: asForwardAuthUser('demo-viewer') });
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('`npm run build`');
    const page = await raw(`${stack.overlay.url}/`, asForwardAuthUser('demo-viewer'));
    expect(page.status).toBe(200);
    expect(page.body.toString()).not.toContain('overlay.js');
    expect(stack.overlay.logs.filter((l) => String(l.msg).includes('`npm run build`'))).toHaveLength(1);
  });
});

describe('in vanilla mode', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ mode: 'vanilla', app: { uiBundlePath: bundlePath } });
  });
  afterAll(() => stack?.stop());

  it("never injects anything: the editor's pages come through byte for byte", async () => {
    const direct = await raw(`${stack.editor.url}/login`, {});
    const through = await raw(`${stack.overlay.url}/login`, {});
    expect(through.body.equals(direct.body)).toBe(true);
    expect(through.body.toString()).not.toContain('overlay.js');
    expect((await raw(`${stack.overlay.url}/_overlay/overlay.js`, {})).status).toBe(404); // the editor's own 404
  });
});
