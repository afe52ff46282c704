/**
 * caddy/Caddyfile with the real Caddy (Debian's 2.6.2): validated, then run on loopback in front of
 * the real overlay (forward-auth mode), a stand-in Authentik outpost and a stand-in MediaMTX HLS server.
 * A tap between Caddy and the overlay records exactly which headers reach the overlay.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchOnFreePort, own } from '../harness/owned-process.ts';
import { PROXY_SECRET, startStack, type Stack } from '../harness/stack.ts';
import { startStandInProxy, type StandInProxy } from '../harness/stand-in-proxy.ts';

const CADDYFILE = fileURLToPath(new URL('../../caddy/Caddyfile', import.meta.url));
/** Marks every answer the stand-in outpost gives, so a test can tell who answered. */
const OUTPOST_MARK = 'x-stand-in-outpost';
/** The token the stand-in outpost vouches for alice with (the overlay runs without a key to verify it). */
const OUTPOST_JWT = 'outpost.jwt.for-alice';

interface Hit {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** A loopback HTTP server that records every request it gets. */
async function listen(handler: (req: IncomingMessage) => Promise<Answer>) {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req).then(
      (answer) => {
        res.writeHead(answer.status, answer.headers ?? {});
        res.end(answer.body ?? '');
      },
      () => {
        res.writeHead(500);
        res.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    hits,
    address: `127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

let stack: Stack;
let outpost: Awaited<ReturnType<typeof listen>>;
let hls: Awaited<ReturnType<typeof listen>>;
let tap: StandInProxy;
/** Each request that reached the overlay through Caddy: its path and raw header list. */
const reachedOverlay: Array<{ url: string; rawHeaders: string[] }> = [];
let stopCaddy: (() => Promise<void>) | undefined;
let site: string;
let caddyHome: string;

function caddyEnv(port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    STREAM_SITE_PREFIX: 'http://',
    STREAM_FQDN: `127.0.0.1:${port}`,
    // No admin endpoint and no certificate machinery: a throwaway instance on one loopback port.
    CADDY_ADMIN: 'off',
    CADDY_GLOBAL_OPTIONS: 'auto_https off',
    OUTPOST_URL: outpost.address,
    OVERLAY_URL: tap.url.replace('http://', ''),
    MEDIAMTX_HLS_URL: hls.address,
    OVERLAY_PROXY_SECRET: PROXY_SECRET,
    // Caddy keeps its autosaved config and state under these; keep them out of the real home.
    XDG_CONFIG_HOME: join(caddyHome, 'config'),
    XDG_DATA_HOME: join(caddyHome, 'data'),
  };
}

beforeAll(async () => {
  caddyHome = await mkdtemp(join(tmpdir(), 'caddy-test-'));
  stack = await startStack({ mode: 'forward-auth', ldap: inject('ldap') });
  tap = await startStandInProxy(stack.overlay.url, {
    strip: false,
    secret: null,
    onRequest: (req) => reachedOverlay.push({ url: req.url ?? '', rawHeaders: req.rawHeaders }),
  });
  // Authentik's outpost as Caddy sees it: 200 with identity for the `ak=alice` cookie, else a login redirect.
  // It leaves out Email, Name, Uid and Entitlements, the case Caddy 2.10.0-2.11.1's copy_headers got wrong.
  outpost = await listen(async (req): Promise<Answer> => {
    if (req.url?.startsWith('/outpost.goauthentik.io/auth/caddy') && /(?:^|;\s*)ak=alice(?:;|$)/.test(req.headers.cookie ?? '')) {
      return {
        status: 200,
        headers: { [OUTPOST_MARK]: '1', 'X-Authentik-Username': 'alice', 'X-Authentik-Groups': 'vid_private', 'X-Authentik-Jwt': OUTPOST_JWT },
      };
    }
    if (req.url?.startsWith('/outpost.goauthentik.io/start')) return { status: 200, headers: { [OUTPOST_MARK]: '1' }, body: 'outpost login page' };
    return { status: 302, headers: { [OUTPOST_MARK]: '1', Location: '/outpost.goauthentik.io/start' } };
  });
  // MediaMTX's HLS server: asks the overlay about the reader exactly as authMethod: http does.
  hls = await listen(async (req): Promise<Answer> => {
    const url = new URL(req.url ?? '/', 'http://hls');
    const path = url.pathname.split('/').filter(Boolean).slice(0, -1).join('/');
    const res = await fetch(`${stack.overlay.url}/auth/mediamtx`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        ip: '127.0.0.1',
        user: '',
        password: '',
        token: '',
        action: 'read',
        path,
        protocol: 'hls',
        id: null,
        query: url.search.slice(1),
        userAgent: 'test',
      }),
    });
    return res.ok ? { status: 200, headers: { 'Content-Type': 'application/vnd.apple.mpegurl' }, body: '#EXTM3U\n' } : { status: 401 };
  });

  // Owned like slapd: stopped by PID and its home removed even if this worker dies.
  const { child, port } = await launchOnFreePort({
    name: 'caddy',
    command: 'caddy',
    args: () => ['run', '--adapter', 'caddyfile', '--config', CADDYFILE],
    env: caddyEnv,
    ready: (port) =>
      fetch(`http://127.0.0.1:${port}/request-access`, { redirect: 'manual' }).then(
        () => true,
        () => false,
      ),
  });
  stopCaddy = own('caddy', child, caddyHome);
  site = `http://127.0.0.1:${port}`;
  outpost.hits.length = 0;
});

afterAll(async () => {
  await stopCaddy?.();
  await outpost?.stop();
  await hls?.stop();
  await tap?.stop();
  await stack?.stop();
  if (caddyHome) await rm(caddyHome, { recursive: true, force: true });
});

function get(path: string, headers: Record<string, string> = {}) {
  return fetch(`${site}${path}`, { headers, redirect: 'manual' });
}

describe('caddy/Caddyfile', () => {
  it('is valid for Caddy 2.6 with the production environment and with the test one', () => {
    for (const env of [{ ...process.env, STREAM_FQDN: 'example.org', OVERLAY_PROXY_SECRET: PROXY_SECRET }, caddyEnv(8443)]) {
      const run = spawnSync('caddy', ['validate', '--adapter', 'caddyfile', '--config', CADDYFILE], { env, encoding: 'utf8' });
      expect(run.stdout + run.stderr).toContain('Valid configuration');
      expect(run.status).toBe(0);
    }
  });

  it("replaces a client's own X-Authentik-* headers with what the outpost says", async () => {
    stack.editor.clearHits();
    const res = await get('/_overlay/api/me', {
      Cookie: 'ak=alice',
      'X-Authentik-Username': 'akadmin',
      'X-Authentik-Groups': 'vid_admin',
      'X-Authentik-Email': 'x@evil',
      'X-Overlay-Proxy-Secret': 'forged',
    });
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain('alice');
    expect(JSON.stringify(await (await get('/_overlay/api/me', { Cookie: 'ak=alice' })).json())).not.toContain('akadmin');
    // The outpost's auth request never carried the forged identity either.
    expect(outpost.hits.every((h) => h.headers['x-authentik-username'] === undefined && h.headers['x-overlay-proxy-secret'] === undefined)).toBe(true);

    await get('/', { Cookie: 'ak=alice', 'X-Authentik-Username': 'akadmin', 'X-Authentik-Groups': 'vid_admin' });
    // The overlay signs in upstream on its own (login hits, no role yet); the page itself went as a viewer.
    const page = stack.editor.hits.filter((h) => h.path === '/' && h.method === 'GET');
    expect(page.length).toBe(1);
    expect(page[0]!.role).toBe('viewer');
  });

  /** Every header Caddyfile copies from the outpost, the outpost's meta headers and the proxy secret, forged. */
  const FORGED = {
    'X-Authentik-Username': 'akadmin',
    'X-Authentik-Groups': 'vid_admin',
    'X-Authentik-Entitlements': 'streams-admin',
    'X-Authentik-Email': 'x@evil.example',
    'X-Authentik-Name': 'Evil',
    'X-Authentik-Uid': 'forged-uid',
    'X-Authentik-Jwt': 'forged.jwt.value',
    'X-Authentik-Meta-App': 'forged',
    'x-authentik-username-extra': 'forged',
    'X-Overlay-Proxy-Secret': 'forged-secret',
  };

  /** The identity headers one request carried into the overlay, by lower-case name, every value as it arrived. */
  function identityHeadersOf(rawHeaders: string[]): Record<string, string[]> {
    const found: Record<string, string[]> = {};
    for (let i = 0; i < rawHeaders.length; i += 2) {
      const name = rawHeaders[i]!.toLowerCase();
      if (name.startsWith('x-authentik-') || name === 'x-overlay-proxy-secret') (found[name] ??= []).push(rawHeaders[i + 1]!);
    }
    return found;
  }

  // GHSA-7r4p-vjf4-gxv4: Caddy 2.10.0-2.11.1's copy_headers left a client's header in place when the
  // outpost omitted it. Caddyfile step 1 strips them itself, so no Caddy version decides this.
  it.each([
    ['/', true],
    ['/_overlay/api/me', true],
    ['/api/streams', true],
    ['/get_yaml', true],
    ['/request-access', false],
    ['/request-access/new', false],
    ['/set-password?token=abc', false],
    ['/set-password/x', false],
    ['/_overlay/public/echo-probe', false],
    ['/_overlay/public/style.css', false],
  ])("lets only the outpost's identity and the proxy's secret reach the overlay on %s (signed-in route: %s)", async (path, signedIn) => {
    reachedOverlay.length = 0;
    await (await get(path, { ...FORGED, Cookie: 'ak=alice' })).arrayBuffer();
    expect(reachedOverlay.map((r) => r.url)).toEqual([path]);
    const arrived = identityHeadersOf(reachedOverlay[0]!.rawHeaders);
    const forged = Object.values(FORGED);
    for (const values of Object.values(arrived)) expect(values.filter((v) => forged.includes(v))).toEqual([]);
    // Caddy 2.6 sets a copied header the outpost left out to its unreplaced placeholder (later Caddy
    // versions leave it out): text of Caddy's own, never the client's, and the overlay reads none of them.
    for (const [name, values] of Object.entries(arrived)) {
      if (values.length === 1 && values[0]!.toLowerCase() === `{http.reverse_proxy.header.${name}}`) delete arrived[name];
    }
    const expected: Record<string, string[]> = { 'x-overlay-proxy-secret': [PROXY_SECRET] };
    if (signedIn) Object.assign(expected, { 'x-authentik-username': ['alice'], 'x-authentik-groups': ['vid_private'], 'x-authentik-jwt': [OUTPOST_JWT] });
    expect(arrived).toEqual(expected);
  });

  it("sends a client without a session to the outpost's login and never to the overlay", async () => {
    stack.editor.clearHits();
    const logsBefore = stack.overlay.logs.length;
    for (const path of ['/', '/_overlay/api/me', '/get_yaml']) {
      const res = await get(path, { 'X-Authentik-Username': 'akadmin', 'X-Authentik-Groups': 'vid_admin', 'X-Overlay-Proxy-Secret': PROXY_SECRET });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/outpost.goauthentik.io/start');
      expect(res.headers.get(OUTPOST_MARK)).toBe('1');
    }
    expect(stack.editor.hits).toEqual([]);
    expect(stack.overlay.logs.slice(logsBefore).filter((l) => JSON.stringify(l).includes('akadmin'))).toEqual([]);
  });

  it("passes the outpost's own endpoints to the outpost", async () => {
    const res = await get('/outpost.goauthentik.io/start');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('outpost login page');
  });

  it.each(['/request-access', '/set-password', '/set-password?token=abc'])('serves the open page %s from the overlay without sign-in', async (path) => {
    outpost.hits.length = 0;
    const res = await get(path, { 'X-Authentik-Username': 'akadmin', 'X-Authentik-Groups': 'vid_admin' });
    expect(res.headers.get(OUTPOST_MARK)).toBeNull();
    expect(outpost.hits).toEqual([]);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).not.toContain('did not say who you are');
  });

  it.each(['/request-access/new', '/set-password/x', '/_overlay/public/style.css'])(
    'forwards the open route %s to the overlay, which drops the forged identity',
    async (path) => {
      outpost.hits.length = 0;
      const res = await get(path, { 'X-Authentik-Username': 'akadmin', 'X-Authentik-Groups': 'vid_admin' });
      expect(res.headers.get(OUTPOST_MARK)).toBeNull();
      expect(outpost.hits).toEqual([]);
      // No page of the overlay's lives here: it answers from its own sign-in check. With the forged
      // identity and the proxy secret together, the overlay would have believed akadmin.
      expect(res.status).toBe(401);
      expect(await res.text()).toContain('did not say who you are');
    },
  );

  it('strips client identity headers before an open route reaches the overlay (echo probe)', async () => {
    const res = await get('/_overlay/public/echo-probe', {
      'X-Authentik-Username': 'akadmin',
      'X-Authentik-Groups': 'vid_admin',
      'X-Overlay-Proxy-Secret': 'forged',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ probe: 'overlay-echo', identityHeaders: false, proxySecretValid: true });
  });

  it.each(['/auth/mediamtx', '/auth/mediamtx/', '/metrics', '/.well-known/jwks.json', '/METRICS', '//metrics', '/%6detrics', '/auth/%6dediamtx'])(
    'answers %s with 404 from the public site',
    async (path) => {
      outpost.hits.length = 0;
      const logsBefore = stack.overlay.logs.length;
      for (const method of ['GET', 'POST']) {
        const res = await fetch(`${site}${path}`, {
          method,
          headers: { Cookie: 'ak=alice', 'Content-Type': 'application/json' },
          body: method === 'POST' ? '{}' : undefined,
          redirect: 'manual',
        });
        expect(res.status).toBe(404);
        expect(res.headers.get(OUTPOST_MARK)).toBeNull();
      }
      expect(outpost.hits).toEqual([]);
      expect(stack.overlay.logs.length).toBe(logsBefore);
    },
  );

  it("lets a viewer's HLS request through to MediaMTX only with a valid token", async () => {
    const credential = await get('/api/hlsviewer-credential', { Cookie: 'ak=alice' });
    expect(credential.status).toBe(200);
    const { password: token } = (await credential.json()) as { password: string };

    hls.hits.length = 0;
    const ok = await get(`/hls-proxy/cam1/index.m3u8?token=${encodeURIComponent(token)}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('#EXTM3U\n');
    // The prefix is stripped, the query kept, and no proxy secret or identity leaks to MediaMTX.
    expect(hls.hits[0]!.url).toBe(`/cam1/index.m3u8?token=${encodeURIComponent(token)}`);
    expect(hls.hits[0]!.headers['x-overlay-proxy-secret']).toBeUndefined();

    const bad = await get(`/hls-proxy/cam1/index.m3u8?token=${encodeURIComponent(`${token.slice(0, -3)}abc`)}`, { 'X-Authentik-Username': 'akadmin' });
    expect(bad.status).toBe(401);
    expect((await get('/hls-proxy/cam1/index.m3u8')).status).toBe(401);
    expect(hls.hits.every((h) => h.headers['x-authentik-username'] === undefined)).toBe(true);
  });
});
