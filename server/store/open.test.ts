import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import getPort from 'get-port';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRedis } from '../../test/harness/redis.ts';
import { openStore } from './index.ts';
import { parseStoreUrl } from './url.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overlay-open-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('STORE_URL', () => {
  it('empty, null or blank means the embedded SQLite store', () => {
    for (const url of [undefined, null, '', '  ']) expect(parseStoreUrl(url)).toEqual({ kind: 'sqlite' });
  });

  it('hides the password in the description', () => {
    expect(parseStoreUrl('redis://:s3cret@cache.internal:6380/2?password=leak')).toMatchObject({
      kind: 'redis',
      description: 'redis://:***@cache.internal:6380/2',
    });
    expect(parseStoreUrl('rediss://overlay:s3cret@cache.internal')).toMatchObject({
      description: 'rediss://overlay:***@cache.internal',
    });
  });

  it('refuses other schemes and garbage, naming STORE_URL and never echoing a password', async () => {
    await expect(openStore({ url: 'postgres://u:s3cret@db/x', dataDir: dir })).rejects.toThrow(/STORE_URL must start with redis:\/\//);
    await expect(openStore({ url: 'postgres://u:s3cret@db/x', dataDir: dir })).rejects.not.toThrow(/s3cret/);
    await expect(openStore({ url: 'not a url s3cret', dataDir: dir })).rejects.toThrow(/^STORE_URL is not a valid URL/);
    await expect(openStore({ url: 'not a url s3cret', dataDir: dir })).rejects.not.toThrow(/s3cret/);
  });

  it('reports an unreachable Redis quickly, naming the URL without its password', async () => {
    const port = await getPort({ host: '127.0.0.1' });
    const started = Date.now();
    const error = await openStore({ url: `redis://:s3cret@127.0.0.1:${port}`, dataDir: dir }).catch((err: Error) => err);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(`cannot reach Redis at redis://:***@127.0.0.1:${port}`);
    expect((error as Error).message).toContain('STORE_URL');
    expect((error as Error).message).not.toContain('s3cret');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('Redis going away after open', () => {
  it('fails calls and ping promptly instead of hanging, and reports the drop through onError', async () => {
    const redis = await startRedis();
    const errors: Error[] = [];
    const store = await openStore({ url: redis.url, dataDir: dir, onError: (err) => errors.push(err) });
    try {
      await store.documents.write('doc', 0, { n: 1 });
      await redis.stop();
      const started = Date.now();
      await expect(store.ping()).rejects.toThrow();
      await expect(store.documents.version('doc')).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(3000);
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      await store.close();
      await redis.stop();
    }
  });
});

describe('embedded SQLite store', () => {
  it('creates a private data dir and file, and keeps everything across a restart', async () => {
    const dataDir = join(dir, 'data');
    const first = await openStore({ dataDir });
    expect(first.description).toBe(`sqlite://${join(dataDir, 'overlay.sqlite')}`);
    await first.documents.write('rules', 0, { rules: ['x'] }, { by: 'ada' });
    await first.keyv('sessions').set('s1', { user: 'ada' });
    await first.close();
    await first.close(); // idempotent

    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dataDir, 'overlay.sqlite'))).mode & 0o777).toBe(0o600);

    const second = await openStore({ dataDir });
    try {
      expect(await second.documents.read('rules')).toEqual({ version: 1, data: { rules: ['x'] } });
      expect(await second.documents.readLog('rules')).toEqual({ entries: [{ by: 'ada' }], total: 1 });
      expect(await second.keyv('sessions').get('s1')).toEqual({ user: 'ada' });
    } finally {
      await second.close();
    }
  });
});
