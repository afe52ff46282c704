/**
 * Live revocation end to end: MediaMTX checks access only when a session starts, so when a rule or
 * a group change takes a path away from someone, the overlay kicks their running sessions through
 * the MediaMTX API (here its double) — exactly theirs — and refuses the reconnect.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Attribute, Change, Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SessionKind } from '../doubles/mediamtx-api/index.ts';
import { startSlapd, type Slapd } from '../harness/slapd.ts';
import { groupDN, userDN } from '../harness/seed.ts';
import { askMediamtxAuth } from '../harness/overlay-calls.ts';
import { asForwardAuthUser, startStack, type Stack } from '../harness/stack.ts';
import { stockMediamtxYaml } from '../fixtures/stock-mediamtx.ts';

const HLSVIEWER_PASS = 'hlsviewer-secret-pass';
const MEDIAMTX_YML = stockMediamtxYaml(HLSVIEWER_PASS);
const DEADLINE_MS = 5_000;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mediamtx-conf-'));
  await writeFile(join(dir, 'mediamtx.yml'), MEDIAMTX_YML);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let nextPort = 41_000;
/**
 * What MediaMTX does when a client opens a session: asks the auth endpoint with the session's id,
 * and on 2xx the session appears in the API's list of its kind with the user name the client gave.
 */
async function watch(stack: Stack, kind: SessionKind, fields: { user?: string; password?: string; token?: string; query?: string }): Promise<string> {
  const id = crypto.randomUUID();
  const protocol = { hlssessions: 'hls', rtspsessions: 'rtsp', rtspssessions: 'rtsp', webrtcsessions: 'webrtc', rtmpconns: 'rtmp', srtconns: 'srt' }[kind];
  expect(await auth(stack, { ...fields, protocol, id })).toBe(204);
  stack.mediamtx.addSession(kind, { id, path: 'cam1', user: fields.user ?? '', remoteAddr: `10.0.0.5:${nextPort++}` });
  return id;
}

const auth = (stack: Stack, fields: Record<string, unknown>) => askMediamtxAuth(stack.overlay.url, fields);

async function putRule(stack: Stack, path: string, groups: string[]) {
  const headers = { ...asForwardAuthUser('demo-admin'), 'Content-Type': 'application/json', 'If-Match': `"${stack.overlay.services!.rules.version()}"` };
  const res = await fetch(`${stack.overlay.url}/_overlay/api/rules`, { method: 'PUT', headers, body: JSON.stringify({ path, groups }) });
  expect(res.status).toBe(200);
}

async function viewerToken(stack: Stack, user: string): Promise<string> {
  const res = await fetch(`${stack.overlay.url}/api/hlsviewer-credential`, { headers: asForwardAuthUser(user) });
  return ((await res.json()) as { password: string }).password;
}

const kicked = (stack: Stack) => new Set(stack.mediamtx.kicks.map((k) => k.id));

describe('live revocation after a rule change', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ mode: 'forward-auth', ldap: inject('ldap'), env: { MEDIAMTX_CONFIG_FILE: join(dir, 'mediamtx.yml') } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('kicks exactly the sessions of the people who lost the path, within 5 s, and refuses their reconnect', async () => {
    const aliceToken = await viewerToken(stack, 'alice'); // vid_private
    const viewerToken_ = await viewerToken(stack, 'demo-viewer'); // vid_public
    const alice = [
      await watch(stack, 'rtspsessions', { user: 'alice', password: 'alice-pass' }),
      await watch(stack, 'hlssessions', { query: `token=${aliceToken}` }),
    ];
    const viewer = [
      await watch(stack, 'hlssessions', { user: 'demo-viewer', password: viewerToken_ }),
      await watch(stack, 'webrtcsessions', { token: viewerToken_ }),
      await watch(stack, 'srtconns', { user: 'demo-viewer', password: 'demo-viewer-pass' }),
      await watch(stack, 'rtspsessions', { user: 'demo-viewer', password: 'demo-viewer-pass' }),
    ];
    const hlsviewer = await watch(stack, 'hlssessions', { user: 'hlsviewer', password: HLSVIEWER_PASS });
    await stack.overlay.services!.revoke.sweep();
    expect(stack.mediamtx.kicks).toEqual([]); // cam1 has no rule yet: the default groups see it

    const started = Date.now();
    await putRule(stack, 'cam1', ['vid_private']);
    await expect.poll(() => kicked(stack), { timeout: DEADLINE_MS, interval: 25 }).toEqual(new Set(viewer));
    const elapsed = Date.now() - started;
    console.info(`live revocation after a rule change: ${viewer.length} sessions kicked ${elapsed} ms after the PUT`);
    expect(elapsed).toBeLessThan(DEADLINE_MS);

    // Nothing more on later sweeps: alice and the internal user keep watching.
    await stack.overlay.services!.revoke.sweep();
    expect(stack.mediamtx.kicks).toHaveLength(viewer.length);
    for (const id of [...alice, hlsviewer]) expect(Object.values(stack.mediamtx.sessions).some((m) => m.has(id))).toBe(true);
    expect(stack.overlay.logs.filter((l) => l.msg === 'live revocation: access withdrawn, session kicked')).toHaveLength(viewer.length);

    // The stream does not come back: the reconnect meets the same rules.
    expect(await auth(stack, { user: 'demo-viewer', password: 'demo-viewer-pass', id: crypto.randomUUID() })).toBe(401);
    expect(await auth(stack, { token: viewerToken_, protocol: 'webrtc', id: crypto.randomUUID() })).toBe(401);
    expect(await auth(stack, { user: 'alice', password: 'alice-pass', id: crypto.randomUUID() })).toBe(204);
  });
});

describe('live revocation after a group change in the directory', () => {
  let slapd: Slapd;
  let stack: Stack;
  beforeAll(async () => {
    slapd = await startSlapd({ writable: true });
    stack = await startStack({ mode: 'forward-auth', ldap: slapd, env: { MEDIAMTX_CONFIG_FILE: join(dir, 'mediamtx.yml') } });
    await putRule(stack, 'cam1', ['vid_private']);
  });
  afterAll(async () => {
    await stack?.stop();
    await slapd?.stop();
  });

  it('kicks a member removed from the group directly in LDAP within 5 s, and refuses the reconnect', async () => {
    const rtsp = await watch(stack, 'rtspsessions', { user: 'alice', password: 'alice-pass' });
    const token = await viewerToken(stack, 'alice');
    const webrtc = await watch(stack, 'webrtcsessions', { token });
    await stack.overlay.services!.revoke.sweep();
    expect(stack.mediamtx.kicks).toEqual([]);

    const root = new Client({ url: slapd.url });
    await root.bind(slapd.rootDN, slapd.rootPassword);
    const started = Date.now();
    // groupOfNames needs a member: leave demo-admin in vid_private, without alice.
    await root.modify(
      groupDN(slapd.baseDN, 'vid_private'),
      new Change({ operation: 'replace', modification: new Attribute({ type: 'member', values: [userDN(slapd.baseDN, 'demo-admin')] }) }),
    );
    await root.unbind();

    await expect.poll(() => kicked(stack), { timeout: DEADLINE_MS, interval: 25 }).toEqual(new Set([rtsp, webrtc]));
    const elapsed = Date.now() - started;
    console.info(`live revocation after a group change in LDAP: kicked ${elapsed} ms after the modify (REVOCATION_INTERVAL 2s)`);
    expect(elapsed).toBeLessThan(DEADLINE_MS);
    // Neither the cached bind nor the directory cache lets her back in.
    expect(await auth(stack, { user: 'alice', password: 'alice-pass', id: crypto.randomUUID() })).toBe(401);
    expect(await auth(stack, { token, protocol: 'webrtc', id: crypto.randomUUID() })).toBe(401);
  });
});
