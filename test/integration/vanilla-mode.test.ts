/** With no directory configured the overlay is the regular editor: same bytes, same login. */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../harness/stack.ts';

let stack: Stack;
let cookie = '';
beforeAll(async () => {
  stack = await startStack({ mode: 'vanilla' });
  const login = await rawRequest(
    stack.editor.url,
    'POST',
    '/login',
    { 'content-type': 'application/x-www-form-urlencoded' },
    'username=editor-admin&password=editor-admin-pass',
  );
  cookie = String(login.headers['set-cookie']![0]).split(';')[0]!;
});
afterAll(() => stack?.stop());

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** node:http rather than fetch: we want the bytes and header lines exactly as sent. */
function rawRequest(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const VARYING = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);
const endToEnd = (headers: RawResponse['headers']) => Object.fromEntries(Object.entries(headers).filter(([name]) => !VARYING.has(name)));

describe('vanilla mode', () => {
  it('says why it is vanilla in /healthz', async () => {
    const res = await fetch(`${stack.overlay.url}/healthz`);
    expect(await res.json()).toMatchObject({ mode: 'vanilla', modeReason: expect.stringMatching(/neither LDAP_URL nor AUTHENTIK_URL/) });
  });

  it.each([
    ['GET', '/login', false],
    ['GET', '/', false],
    ['GET', '/', true],
    ['GET', '/api/streams', true],
    ['GET', '/get_yaml', true],
    ['GET', '/api/hlsviewer-credential', true],
    ['GET', '/api/theme/logo', false],
    ['HEAD', '/', true],
    ['GET', '/no-such-route', true],
    ['POST', '/api/streams', true],
    ['POST', '/login', false],
  ])('%s %s (signed in: %s) is byte-identical to the editor', async (method, path, signedIn) => {
    const headers: Record<string, string> = signedIn ? { cookie } : {};
    const body = method === 'POST' && path === '/login' ? 'username=editor-admin&password=wrong' : undefined;
    if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const direct = await rawRequest(stack.editor.url, method, path, headers, body);
    const through = await rawRequest(stack.overlay.url, method, path, headers, body);
    expect(through.status).toBe(direct.status);
    expect(endToEnd(through.headers)).toEqual(endToEnd(direct.headers));
    expect(through.body.equals(direct.body)).toBe(true);
  });

  it("leaves the editor's internet URLs (hls.js, fonts) as they are", async () => {
    for (const path of ['/', '/watch/cam1']) {
      const direct = await rawRequest(stack.editor.url, 'GET', path, { cookie });
      const through = await rawRequest(stack.overlay.url, 'GET', path, { cookie });
      expect(direct.body.toString()).toContain('https://cdn.jsdelivr.net/npm/hls.js@latest');
      expect(through.body.equals(direct.body)).toBe(true);
      expect(through.body.toString()).not.toContain('/_overlay/assets/');
    }
    expect((await rawRequest(stack.overlay.url, 'GET', '/', { cookie })).body.toString()).toContain('https://fonts.googleapis.com/css2?family=');
  });

  it("lets the editor's own login work through the overlay, cookie and all", async () => {
    const login = await rawRequest(
      stack.overlay.url,
      'POST',
      '/login',
      { 'content-type': 'application/x-www-form-urlencoded' },
      'username=editor-viewer&password=editor-viewer-pass',
    );
    expect(login.status).toBe(302);
    expect(login.headers.location).toBe('/');
    const session = String(login.headers['set-cookie']![0]).split(';')[0]!;
    const page = await rawRequest(stack.overlay.url, 'GET', '/', { cookie: session });
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('id="streams"');
    expect(page.body.toString()).not.toContain('_overlay');
  });

  it('streams Server-Sent Events through', async () => {
    const res = await fetch(`${stack.overlay.url}/stream_logs`, { headers: { cookie } });
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toMatch(/^data: /);
    await reader.cancel();
  });
});
