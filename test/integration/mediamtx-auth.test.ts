/** A replay suite of MediaMTX auth requests against POST /auth/mediamtx (authMethod: http). */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKeyRing } from '../../server/playback/key-ring.ts';
import { createPlaybackTokens } from '../../server/playback/tokens.ts';
import { mediamtxAuthBody, putRuleAsAdmin } from '../harness/overlay-calls.ts';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';
import { stockMediamtxYaml } from '../fixtures/stock-mediamtx.ts';

const HLSVIEWER_PASS = 'hlsviewer-secret-pass';
const MEDIAMTX_YML = stockMediamtxYaml(HLSVIEWER_PASS);

let stack: Stack;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mediamtx-conf-'));
  await writeFile(join(dir, 'mediamtx.yml'), MEDIAMTX_YML);
  stack = await startStack({ mode: 'forward-auth', ldap: inject('ldap'), env: { MEDIAMTX_CONFIG_FILE: join(dir, 'mediamtx.yml') } });
  await putRuleAsAdmin(stack.overlay.url, { path: 'drone1', groups: ['vid_private'] });
});
afterAll(async () => {
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

const REMOTE = '10.0.0.5';

const body = (fields: Record<string, unknown>) => mediamtxAuthBody({ ip: REMOTE, ...fields });

async function auth(fields: Record<string, unknown>, init: { contentType?: string; raw?: string } = {}) {
  const res = await fetch(`${stack.overlay.url}/auth/mediamtx`, {
    method: 'POST',
    headers: { 'Content-Type': init.contentType ?? 'application/json' },
    body: init.raw ?? JSON.stringify(body(fields)),
  });
  const text = await res.text();
  return { status: res.status, text };
}

async function viewerToken(user: string): Promise<string> {
  const res = await fetch(`${stack.overlay.url}/api/hlsviewer-credential`, { headers: asForwardAuthUser(user) });
  return ((await res.json()) as { password: string }).password;
}

describe('MediaMTX auth endpoint', () => {
  it('answers the first, empty request of every client with 401 at once', async () => {
    for (const protocol of ['rtsp', 'rtmp', 'hls', 'webrtc', 'srt']) {
      expect((await auth({ protocol })).status).toBe(401);
    }
  });

  it('keeps MediaMTX internal users working: localhost publisher and API, hlsviewer, anonymous teststream', async () => {
    expect(await auth({ ip: '127.0.0.1', action: 'publish', path: 'cam1' })).toEqual({ status: 204, text: '' });
    expect((await auth({ ip: '::1', action: 'api', path: '', protocol: '' })).status).toBe(204);
    expect((await auth({ user: 'hlsviewer', password: HLSVIEWER_PASS, protocol: 'hls' })).status).toBe(204);
    expect((await auth({ user: 'hlsviewer', password: 'wrong', protocol: 'hls' })).status).toBe(401);
    expect((await auth({ path: 'teststream', protocol: 'hls' })).status).toBe(204);
    expect((await auth({ action: 'publish', path: 'teststream' })).status).toBe(401);
  });

  it('reads a playback token from the password, the token field or the query', async () => {
    const token = await viewerToken('demo-viewer');
    expect((await auth({ user: 'demo-viewer', password: token, protocol: 'hls' })).status).toBe(204);
    expect((await auth({ token, protocol: 'webrtc' })).status).toBe(204);
    expect((await auth({ query: `token=${token}`, protocol: 'hls' })).status).toBe(204);
    expect((await auth({ query: `token=${token}`, action: 'playback', path: 'cam1', protocol: '' })).status).toBe(204);
  });

  it("decides a token by the user's groups and the rules", async () => {
    const viewer = await viewerToken('demo-viewer'); // vid_public
    const alice = await viewerToken('alice'); // vid_private
    expect((await auth({ token: viewer, path: 'drone1' })).status).toBe(401);
    expect((await auth({ token: alice, path: 'drone1' })).status).toBe(204);
    expect((await auth({ token: viewer, action: 'publish' })).status).toBe(401);
    expect((await auth({ token: viewer, action: 'api', path: '' })).status).toBe(401);
  });

  it('refuses expired, tampered and foreign tokens, and tokens of people no longer active', async () => {
    const ring = createKeyRing({ documents: stack.overlay.services!.store.documents, rotationMs: 86_400_000 });
    const past = createPlaybackTokens({ ring, ttlMs: 60_000, now: () => Date.now() - 3_600_000 });
    expect((await auth({ token: await past.issue('demo-viewer') })).status).toBe(401);
    const token = await viewerToken('demo-viewer');
    expect((await auth({ token: `${token.slice(0, -3)}abc` })).status).toBe(401);
    const fresh = createPlaybackTokens({ ring, ttlMs: 60_000 });
    expect((await auth({ token: await fresh.issue('dave') })).status).toBe(401); // disabled in the directory
    expect((await auth({ token: await fresh.issue('nobody-at-all') })).status).toBe(401);
    const decisions = (await (await fetch(`${stack.overlay.url}/_overlay/api/decisions?user=dave`, { headers: asForwardAuthUser('demo-admin') })).json()) as {
      decisions: Array<{ reason: string }>;
    };
    expect(decisions.decisions[0]!.reason).toMatch(/no longer active/);
  });

  it('checks directory credentials from stream clients (VLC, ffplay, ATAK)', async () => {
    expect((await auth({ user: 'alice', password: 'alice-pass', path: 'drone1', protocol: 'rtsp' })).status).toBe(204);
    expect((await auth({ user: 'demo-viewer', password: 'demo-viewer-pass', path: 'drone1', protocol: 'srt' })).status).toBe(401);
    expect((await auth({ user: 'alice', password: 'wrong', protocol: 'rtmp' })).status).toBe(401);
    expect((await auth({ user: 'demo-admin', password: 'demo-admin-pass', action: 'publish', path: 'live/x' })).status).toBe(204);
    expect((await auth({ user: 'demo-viewer', password: 'demo-viewer-pass', action: 'publish', path: 'cam1' })).status).toBe(401);
  });

  it('rate-limits failed directory credentials per user', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await auth({ user: 'erin', password: `guess-${i}`, ip: `10.9.0.${i}` })).status);
    expect(statuses.every((s) => s === 401)).toBe(true);
    expect((await auth({ user: 'erin', password: 'erin-pass', ip: '10.9.0.99' })).status).toBe(401);
    const log = (await (await fetch(`${stack.overlay.url}/_overlay/api/decisions?user=erin&limit=1`, { headers: asForwardAuthUser('demo-admin') })).json()) as {
      decisions: Array<{ reason: string }>;
    };
    expect(log.decisions[0]!.reason).toMatch(/too many failed attempts/);
  });

  it('tolerates unknown and missing fields and a null id', async () => {
    const token = await viewerToken('demo-viewer');
    const minimal = await fetch(`${stack.overlay.url}/auth/mediamtx`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token, action: 'read', path: 'cam1', brandNewField: { nested: true }, id: null }),
    });
    expect(minimal.status).toBe(204);
  });

  it.each([
    ['not JSON', { raw: '{"user":' }, 400],
    ['an array', { raw: '[]' }, 400],
    ['a number for user', { raw: JSON.stringify({ user: 5 }) }, 400],
    ['a wrong content type', { contentType: 'text/plain' }, 400],
    ['an oversized body', { raw: JSON.stringify({ query: 'x'.repeat(40_000) }) }, 413],
  ])('answers %s with %s, never a crash', async (_what, init, status) => {
    expect((await auth({}, init as { raw?: string; contentType?: string })).status).toBe(status);
    expect((await fetch(`${stack.overlay.url}/healthz`)).status).toBeLessThan(600);
  });

  it('explains every decision and counts them for Prometheus', async () => {
    const res = await fetch(`${stack.overlay.url}/_overlay/api/decisions?limit=500`, { headers: asForwardAuthUser('demo-admin') });
    const { decisions } = (await res.json()) as { decisions: Array<Record<string, unknown>> };
    expect(decisions.find((d) => d.user === 'alice' && d.path === 'drone1' && d.result === 'allow')).toMatchObject({
      action: 'read',
      protocol: 'rtsp',
      by: 'directory',
      rule: 'drone1',
      reason: expect.stringContaining('drone1'),
    });
    expect(decisions.find((d) => d.path === 'teststream' && d.result === 'allow')).toMatchObject({
      by: 'internal-user',
      reason: expect.stringMatching(/internal user #2/),
    });
    expect((await fetch(`${stack.overlay.url}/_overlay/api/decisions`, { headers: asForwardAuthUser('demo-viewer') })).status).toBe(403);
    const metrics = await (await fetch(`${stack.overlay.url}/metrics`)).text();
    expect(metrics).toMatch(/overlay_auth_decisions_total\{action="read",result="allow",by="token"\} \d+/);
    expect(metrics).toMatch(/overlay_auth_decision_seconds_bucket/);
  });
});

describe('AUTH_ALLOWED_IPS', () => {
  it('refuses callers that are not MediaMTX', async () => {
    const local = await startStack({ mode: 'forward-auth', ldap: inject('ldap'), env: { AUTH_ALLOWED_IPS: '10.1.2.3' } });
    try {
      const res = await fetch(`${local.overlay.url}/auth/mediamtx`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body({})),
      });
      expect(res.status).toBe(403);
    } finally {
      await local.stop();
    }
  });
});
