/**
 * Issue 12, item 2: anyone could watch every stream through /hls-proxy/. Caddy hands /hls-proxy/ to
 * MediaMTX's HLS server without sign-in, MediaMTX asks the overlay about each reader, and the overlay
 * judges MediaMTX's internal users by the address MediaMTX reports. Without hlsTrustedProxies that
 * address is Caddy's, 127.0.0.1, which the stock `any` user from 127.0.0.1/::1 lets read and publish.
 *
 * The overlay's judgement stays as it is (a reader on loopback is one); the fix is MediaMTX's
 * configuration, which `npm run mediamtx-settings` produces. So each row goes through the real auth
 * endpoint with the address MediaMTX would report, given the trusted proxies our settings set.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { ipAllowList } from '../../server/http/ip-allow-list.ts';
import { mediamtxSettings } from '../../server/mediamtx/settings.ts';
import { stockMediamtxYaml } from '../fixtures/stock-mediamtx.ts';
import { askMediamtxAuth } from '../harness/overlay-calls.ts';
import { startStack, type Stack } from '../harness/stack.ts';

/** Somebody on the internet, not signed in. */
const REMOTE = '203.0.113.7';
/** Caddy on the same host as MediaMTX: every proxied request reaches MediaMTX from here. */
const CADDY = '127.0.0.1';

let stack: Stack;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hls-proxy-attacks-'));
  await writeFile(join(dir, 'mediamtx.yml'), stockMediamtxYaml('hlsviewer-secret'));
  stack = await startStack({ mode: 'forward-auth', ldap: inject('ldap'), env: { MEDIAMTX_CONFIG_FILE: join(dir, 'mediamtx.yml') } });
  // The file is read in the background; until then no internal user applies (closed).
  await vi.waitFor(() => expect(stack.overlay.services!.auth.internalUsers()).toHaveLength(3));
});
afterAll(async () => {
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

/**
 * The client address MediaMTX's HLS and WebRTC servers report (gin's ClientIP behind
 * SetTrustedProxies(<server>TrustedProxies)): the TCP peer, unless the peer is a trusted proxy; then
 * X-Forwarded-For from the right, the first address that is not a trusted proxy.
 */
function addressMediamtxReports(peer: string, forwardedFor: string | undefined, trustedProxies: unknown): string {
  const trusted = ipAllowList(Array.isArray(trustedProxies) ? trustedProxies : []);
  if (!trusted(peer) || !forwardedFor) return peer;
  const hops = forwardedFor.split(',').map((hop) => hop.trim());
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isIP(hops[i]!)) break;
    if (i === 0 || !trusted(hops[i]!)) return hops[i]!;
  }
  return peer;
}

/** caddy/Caddyfile names no trusted_proxies, so Caddy's reverse_proxy sets X-Forwarded-For to the client it saw, dropping the client's own. */
const caddyForwardedFor = (client: string) => client;

/** MediaMTX's auth call for an anonymous reader (or publisher) on `protocol`, from `ip`: 204 allows, 401 denies. */
function mediamtxAsks(ip: string, fields: { action?: string; protocol?: string } = {}): Promise<number> {
  return askMediamtxAuth(stack.overlay.url, { ip, protocol: 'hls', userAgent: 'hls.js', ...fields });
}

const ours = () => mediamtxSettings(stack.overlay.config).settings;

describe('anonymous readers through /hls-proxy/', () => {
  it("the model holds: Caddy does not believe the client's X-Forwarded-For", () => {
    expect(readFileSync(new URL('../../caddy/Caddyfile', import.meta.url), 'utf8')).not.toMatch(/trusted_proxies/);
  });

  it('MediaMTX without trusted proxies reports every reader as Caddy, and the stock `any` loopback user lets them all in', async () => {
    const ip = addressMediamtxReports(CADDY, caddyForwardedFor(REMOTE), []);
    expect(ip).toBe(CADDY);
    expect(await mediamtxAsks(ip)).toBe(204); // the hole: the decision is only as good as the address
  });

  it('with the hlsTrustedProxies our settings produce, MediaMTX reports the real reader, whom no internal user admits', async () => {
    const ip = addressMediamtxReports(CADDY, caddyForwardedFor(REMOTE), ours().hlsTrustedProxies);
    expect(ip).toBe(REMOTE);
    expect(await mediamtxAsks(ip)).toBe(401);
  });

  it('a reader who forges X-Forwarded-For: 127.0.0.1 stays who they are, whether the proxy replaces the header or appends to it', async () => {
    const trusted = ours().hlsTrustedProxies;
    const replaced = addressMediamtxReports(CADDY, caddyForwardedFor(REMOTE), trusted);
    const appended = addressMediamtxReports(CADDY, `127.0.0.1, ${REMOTE}`, trusted);
    expect([replaced, appended]).toEqual([REMOTE, REMOTE]);
    expect(await mediamtxAsks(appended)).toBe(401);
  });

  it("a reader reaching MediaMTX directly cannot claim loopback: only a trusted peer's X-Forwarded-For counts", async () => {
    const ip = addressMediamtxReports(REMOTE, '127.0.0.1', ours().hlsTrustedProxies);
    expect(ip).toBe(REMOTE);
    expect(await mediamtxAsks(ip)).toBe(401);
  });

  it('WebRTC readers and WHIP publishers behind the proxy are their own address too', async () => {
    const ip = addressMediamtxReports(CADDY, caddyForwardedFor(REMOTE), ours().webrtcTrustedProxies);
    expect(await mediamtxAsks(ip, { protocol: 'webrtc' })).toBe(401);
    expect(await mediamtxAsks(ip, { protocol: 'webrtc', action: 'publish' })).toBe(401);
  });

  it('a program on the host that talks to MediaMTX itself is still loopback, as the stock config means', async () => {
    const ip = addressMediamtxReports('127.0.0.1', undefined, ours().hlsTrustedProxies);
    expect(await mediamtxAsks(ip, { action: 'publish', protocol: 'rtsp' })).toBe(204);
    expect(await mediamtxAsks(ip)).toBe(204);
  });
});
