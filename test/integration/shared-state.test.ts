/** Rules and tokens shared between overlay instances, and kept across restarts. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startRedis, type RedisServer } from '../harness/redis.ts';
import { startOverlay, type RunningOverlay } from '../harness/overlay.ts';
import { asForwardAuthUser, directoryEnv, SERVICE_ACCOUNTS_ENV, startStack, type Stack } from '../harness/stack.ts';

const admin = { ...asForwardAuthUser('demo-admin'), Accept: 'application/json' };

async function putRule(overlay: RunningOverlay, path: string, groups: string[]) {
  const current = (await (await fetch(`${overlay.url}/_overlay/api/rules`, { headers: admin })).json()) as { version: number };
  const res = await fetch(`${overlay.url}/_overlay/api/rules`, {
    method: 'PUT',
    headers: { ...admin, 'Content-Type': 'application/json', 'If-Match': `"${current.version}"` },
    body: JSON.stringify({ path, groups }),
  });
  expect(res.status).toBe(200);
}

const accessOf = async (overlay: RunningOverlay, path: string) =>
  ((await (await fetch(`${overlay.url}/_overlay/api/access?path=${encodeURIComponent(path)}`, { headers: admin })).json()) as { groups: string[] }).groups;

describe('two overlay instances on one Redis', () => {
  let redis: RedisServer;
  let stack: Stack;
  let second: RunningOverlay;
  beforeAll(async () => {
    redis = await startRedis();
    stack = await startStack({ mode: 'forward-auth', ldap: inject('ldap'), env: { STORE_URL: redis.url } });
    second = await startOverlay({
      ...directoryEnv(inject('ldap')),
      EDITOR_URL: stack.editor.url,
      MEDIAMTX_API_URL: stack.mediamtx.url,
      ...SERVICE_ACCOUNTS_ENV,
      STORE_URL: redis.url,
    });
  });
  afterAll(async () => {
    await second?.stop();
    await stack?.stop();
    await redis?.stop();
  });

  it("sees the other instance's rule change within a second", async () => {
    await putRule(stack.overlay, 'drone1', ['vid_private']);
    const changedAt = Date.now();
    while ((await accessOf(second, 'drone1')).join() !== 'vid_private') {
      expect(Date.now() - changedAt).toBeLessThan(1_000);
      await new Promise((r) => setTimeout(r, 25));
    }
    // The viewer filter on the second instance follows too.
    const res = await fetch(`${second.url}/api/streams`, { headers: asForwardAuthUser('demo-viewer') });
    expect(((await res.json()) as { streams: Array<{ name: string }> }).streams.map((s) => s.name)).not.toContain('drone1');
  });

  it("accepts the other instance's playback tokens", async () => {
    const res = await fetch(`${stack.overlay.url}/api/hlsviewer-credential`, { headers: asForwardAuthUser('demo-viewer') });
    const { password } = (await res.json()) as { password: string };
    expect(await second.services!.tokens.verify(password)).toMatchObject({ user: 'demo-viewer' });
    expect(await stack.overlay.services!.tokens.verify(await second.services!.tokens.issue('alice'))).toMatchObject({ user: 'alice' });
  });

  it('reports the store in /healthz without the password', async () => {
    const health = (await (await fetch(`${second.url}/healthz`)).json()) as { dependencies: { store: { state: string; detail: string } } };
    expect(health.dependencies.store).toMatchObject({ state: 'ok', detail: expect.stringContaining('redis://') });
  });
});

describe('the embedded store', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'overlay-restart-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('keeps the rules across a restart', async () => {
    const first = await startStack({ mode: 'forward-auth', ldap: inject('ldap'), env: { DATA_DIR: dataDir } });
    await putRule(first.overlay, 'alpha/*', ['vid_private']);
    await first.stop();
    const again = await startStack({ mode: 'forward-auth', ldap: inject('ldap'), env: { DATA_DIR: dataDir } });
    try {
      expect(await accessOf(again.overlay, 'alpha/cam1')).toEqual(['vid_private']);
    } finally {
      await again.stop();
    }
  });
});

describe('RULES_FILE and share-link settings', () => {
  it("seeds an empty store from a YAML file and can switch viewers' share links off", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'overlay-rules-'));
    const file = join(dir, 'rules.yaml');
    await writeFile(file, 'rules:\n  - path: drone1\n    groups: [vid_private]\n  - path: "~^ops/"\n    groups: ["vid_ops; night"]\n');
    const stack = await startStack({ mode: 'forward-auth', ldap: inject('ldap'), env: { RULES_FILE: file, VIEWER_SHARE_LINKS: 'false' } });
    try {
      const rules = (await (await fetch(`${stack.overlay.url}/_overlay/api/rules`, { headers: admin })).json()) as {
        rules: Array<{ path: string; updatedBy: string }>;
        version: number;
      };
      expect(rules.rules.map((r) => r.path)).toEqual(['drone1', '~^ops/']);
      expect(rules.rules[0]!.updatedBy).toBe(`RULES_FILE ${file}`);
      const share = await fetch(`${stack.overlay.url}/api/share-links/generate`, {
        method: 'POST',
        headers: { ...asForwardAuthUser('demo-viewer'), 'Content-Type': 'application/json' },
        body: JSON.stringify({ stream: 'cam1' }),
      });
      expect(share.status).toBe(403);
      expect(((await share.json()) as { title: string }).title).toBe('Share links are off');
    } finally {
      await stack.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
