import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { Keyv } from 'keyv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteFile } from './sqlite-db.ts';
import { SqliteKeyvAdapter } from './sqlite-keyv.ts';

let dir: string;
let db: DatabaseSync;
let clock: number;
const now = () => clock;

const keyvFor = (namespace: string, database = db) => new Keyv<unknown>(new SqliteKeyvAdapter(database, { now }), { namespace });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overlay-keyv-'));
  db = openSqliteFile(dir).db;
  clock = Date.now();
});
afterEach(async () => {
  if (db.isOpen) db.close();
  await rm(dir, { recursive: true, force: true });
});

describe('SqliteKeyvAdapter through Keyv', () => {
  it('sets, gets, has and deletes JSON values', async () => {
    const kv = keyvFor('cache');
    expect(await kv.get('missing')).toBeUndefined();
    expect(await kv.set('user', { name: 'ada', groups: ['ops'] })).toBe(true);
    expect(await kv.get('user')).toEqual({ name: 'ada', groups: ['ops'] });
    expect(await kv.has('user')).toBe(true);
    expect(await kv.delete('user')).toBe(true);
    expect(await kv.delete('user')).toBe(false);
    expect(await kv.has('user')).toBe(false);
  });

  it('getMany and deleteMany', async () => {
    const kv = keyvFor('cache');
    await kv.set('a', 1);
    await kv.set('c', 3);
    expect(await kv.get(['a', 'b', 'c'])).toEqual([1, undefined, 3]);
    expect(await kv.delete(['a', 'b'])).toBe(true);
    expect(await kv.get(['a', 'c'])).toEqual([undefined, 3]);
  });

  it('keeps namespaces apart, and clear() empties only its own', async () => {
    const sessions = keyvFor('sessions');
    const cache = keyvFor('cache');
    // A namespace that shares a prefix must not be caught by the other's clear().
    const cache2 = keyvFor('cache2');
    await sessions.set('k', 'session');
    await cache.set('k', 'cache');
    await cache2.set('k', 'cache2');
    expect(await sessions.get('k')).toBe('session');
    await cache.clear();
    expect(await cache.get('k')).toBeUndefined();
    expect(await sessions.get('k')).toBe('session');
    expect(await cache2.get('k')).toBe('cache2');
  });

  it('iterates over its own namespace only', async () => {
    const kv = keyvFor('cache');
    await keyvFor('other').set('x', 0);
    for (let i = 0; i < 250; i++) await kv.set(`key:${i}`, i); // more than one page, keys with colons
    const seen = new Map<string, unknown>();
    for await (const [key, value] of kv.iterator!(undefined)) seen.set(key as string, value);
    expect(seen.size).toBe(250);
    expect(seen.get('key:249')).toBe(249);
  });

  it('survives closing and reopening the file', async () => {
    await keyvFor('sessions').set('s1', { user: 'ada' });
    db.close();
    db = openSqliteFile(dir).db;
    expect(await keyvFor('sessions').get('s1')).toEqual({ user: 'ada' });
  });
});

describe('SqliteKeyvAdapter TTL', () => {
  it('reads an expired row as missing and purges it (injected clock)', async () => {
    const adapter = new SqliteKeyvAdapter(db, { now });
    await adapter.set('ns:short', '"v"', 1000);
    await adapter.set('ns:forever', '"v"');
    expect(await adapter.get('ns:short')).toBe('"v"');
    clock += 999;
    expect(await adapter.has('ns:short')).toBe(true);
    clock += 1;
    expect(await adapter.has('ns:short')).toBe(false);
    expect(await adapter.get('ns:short')).toBeUndefined();
    expect(await adapter.getMany(['ns:short', 'ns:forever'])).toEqual([undefined, '"v"']);
    const count = db.prepare('SELECT count(*) AS n FROM keyv WHERE key = ?').get('ns:short') as { n: number };
    expect(count.n).toBe(0);
  });

  it('sweeps other expired rows on a later set', async () => {
    const adapter = new SqliteKeyvAdapter(db, { now });
    await adapter.set('ns:a', '1', 10);
    clock += 61_000;
    await adapter.set('ns:b', '2');
    const rows = db.prepare('SELECT key FROM keyv').all() as Array<{ key: string }>;
    expect(rows.map((row) => row.key)).toEqual(['ns:b']);
  });

  it('expires through Keyv with a real short TTL', async () => {
    const kv = new Keyv<string>(new SqliteKeyvAdapter(db), { namespace: 'cache' });
    await kv.set('soon', 'v', 40);
    expect(await kv.get('soon')).toBe('v');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await kv.get('soon')).toBeUndefined();
    expect(await kv.has('soon')).toBe(false);
  });
});
