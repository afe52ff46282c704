/** The same cases against both backends: the embedded SQLite file and a real Redis. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../../test/harness/redis.ts';
import { openStore, type Store } from './index.ts';

let redis: RedisServer;
let dir: string;
const stores: Store[] = [];

beforeAll(async () => {
  redis = await startRedis();
  dir = await mkdtemp(join(tmpdir(), 'overlay-store-'));
});
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await redis?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const backends = [
  { kind: 'sqlite', open: () => openStore({ url: '', dataDir: dir }) },
  { kind: 'redis', open: () => openStore({ url: redis.url, dataDir: dir }) },
] as const;

let unique = 0;
const fresh = (label: string) => `${label}-${++unique}`;

describe.each(backends)('$kind store', ({ kind, open }) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
    stores.push(store);
  });

  it('says what it is and answers a ping', async () => {
    expect(store.kind).toBe(kind);
    expect(store.description).toMatch(kind === 'redis' ? /^redis:\/\/127\.0\.0\.1:\d+/ : /overlay\.sqlite$/);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('reads null and version 0 for a document never written', async () => {
    const name = fresh('absent');
    expect(await store.documents.read(name)).toBeNull();
    expect(await store.documents.version(name)).toBe(0);
    expect(await store.documents.readLog(name)).toEqual({ entries: [], total: 0 });
  });

  it('writes a new document at expected version 0, then version + 1', async () => {
    const name = fresh('rules');
    expect(await store.documents.write(name, 0, { rules: ['a'] })).toEqual({ ok: true, version: 1 });
    expect(await store.documents.read(name)).toEqual({ version: 1, data: { rules: ['a'] } });
    expect(await store.documents.write(name, 1, { rules: ['a', 'b'] })).toEqual({ ok: true, version: 2 });
    expect(await store.documents.version(name)).toBe(2);
    expect(await store.documents.read(name)).toEqual({ version: 2, data: { rules: ['a', 'b'] } });
  });

  it('refuses a stale write and returns the current document', async () => {
    const name = fresh('stale');
    await store.documents.write(name, 0, { n: 1 });
    await store.documents.write(name, 1, { n: 2 });
    expect(await store.documents.write(name, 1, { n: 99 }, { note: 'lost' })).toEqual({
      ok: false,
      current: { version: 2, data: { n: 2 } },
    });
    // "Absent" is a version too: creating over an existing document is stale.
    expect(await store.documents.write(name, 0, { n: 0 })).toMatchObject({ ok: false, current: { version: 2 } });
    expect(await store.documents.write(name, 7, { n: 0 })).toMatchObject({ ok: false, current: { version: 2 } });
    expect(await store.documents.read(name)).toEqual({ version: 2, data: { n: 2 } });
  });

  it('refuses a write expecting a version of a document that does not exist, with current null', async () => {
    const name = fresh('ghost');
    expect(await store.documents.write(name, 3, { n: 1 })).toEqual({ ok: false, current: null });
    expect(await store.documents.version(name)).toBe(0);
  });

  it('appends log entries only on successful writes, newest first, with limit and offset', async () => {
    const name = fresh('log');
    for (let version = 0; version < 5; version++) {
      await store.documents.write(name, version, { version: version + 1 }, { change: version + 1 });
      await store.documents.write(name, version, { refused: true }, { change: 'refused' }); // now stale
    }
    await store.documents.write(name, 5, { version: 6 }); // no log entry
    expect(await store.documents.version(name)).toBe(6);
    const all = await store.documents.readLog<{ change: number }>(name);
    expect(all).toEqual({ total: 5, entries: [5, 4, 3, 2, 1].map((change) => ({ change })) });
    expect(await store.documents.readLog(name, { limit: 2 })).toEqual({ total: 5, entries: [{ change: 5 }, { change: 4 }] });
    expect(await store.documents.readLog(name, { limit: 2, offset: 3 })).toEqual({ total: 5, entries: [{ change: 2 }, { change: 1 }] });
    expect(await store.documents.readLog(name, { offset: 10 })).toEqual({ total: 5, entries: [] });
    expect(await store.documents.readLog(name, { limit: 0 })).toEqual({ total: 5, entries: [] });
  });

  it('rejects bad arguments before touching the data', async () => {
    const name = fresh('bad');
    await expect(store.documents.write(name, -1, {})).rejects.toThrow(/expectedVersion/);
    await expect(store.documents.write(name, 0, undefined)).rejects.toThrow(/JSON-serialisable/);
    await expect(store.documents.readLog(name, { limit: -1 })).rejects.toThrow(/limit/);
    expect(await store.documents.version(name)).toBe(0);
  });

  it('keeps event logs newest first, filtered by time and entry fields, readable by id', async () => {
    const name = fresh('events');
    const events = [
      { id: 'e1', at: 1_000, entry: { user: 'ada', kind: 'rule', n: 1 } },
      { id: 'e2', at: 2_000, entry: { user: 'bob', kind: 'rule', n: 2 } },
      { id: 'e3', at: 2_000, entry: { user: 'ada', kind: 'editor', n: 3 } },
      { id: 'e4', at: 3_000, entry: { user: 'ada', kind: 'rule', n: 4 } },
    ];
    for (const event of events) await store.events.append(name, event);
    const n = (page: { entries: Array<{ n: number }>; total: number }) => [page.entries.map((e) => e.n), page.total];
    // Equal times: the greater id first, in both backends.
    expect(n(await store.events.page(name, { limit: 10, offset: 0 }))).toEqual([[4, 3, 2, 1], 4]);
    expect(n(await store.events.page(name, { limit: 2, offset: 1 }))).toEqual([[3, 2], 4]);
    expect(n(await store.events.page(name, { since: 2_000, limit: 10, offset: 0 }))).toEqual([[4, 3, 2], 3]);
    expect(n(await store.events.page(name, { match: { user: 'ada' }, limit: 10, offset: 0 }))).toEqual([[4, 3, 1], 3]);
    expect(n(await store.events.page(name, { match: { user: 'ada', kind: 'rule' }, since: 1_500, limit: 10, offset: 0 }))).toEqual([[4], 1]);
    expect(n(await store.events.page(name, { match: { user: 'ada' }, limit: 1, offset: 1 }))).toEqual([[3], 3]);
    expect(n(await store.events.page(name, { match: { user: 'nobody' }, limit: 10, offset: 0 }))).toEqual([[], 0]);
    expect(n(await store.events.page(name, { limit: 0, offset: 0 }))).toEqual([[], 4]);
    expect(await store.events.get(name, 'e3')).toEqual({ user: 'ada', kind: 'editor', n: 3 });
    expect(await store.events.get(name, 'e9')).toBeNull();
    expect(await store.events.get(fresh('other'), 'e3')).toBeNull();
  });

  it('refuses an event id twice, and bad event arguments', async () => {
    const name = fresh('events-bad');
    await store.events.append(name, { id: 'same', at: 1, entry: { n: 1 } });
    await expect(store.events.append(name, { id: 'same', at: 2, entry: { n: 2 } })).rejects.toThrow();
    expect(await store.events.get(name, 'same')).toEqual({ n: 1 });
    await expect(store.events.append(name, { id: 'a b', at: 1, entry: {} })).rejects.toThrow(/event id/);
    await expect(store.events.append(name, { id: 'x', at: -1, entry: {} })).rejects.toThrow(/event time/);
    await expect(store.events.page(name, { match: { "user') OR 1=1 --": 'x' }, limit: 1, offset: 0 })).rejects.toThrow(/match field/);
    await expect(store.events.get(name, '../x')).rejects.toThrow(/event id/);
  });

  it('prunes the events older than a time, and only those', async () => {
    const name = fresh('events-prune');
    for (let i = 1; i <= 5; i++) await store.events.append(name, { id: `p${i}`, at: i * 1_000, entry: { n: i } });
    expect(await store.events.prune(name, 3_000)).toBe(2);
    expect(await store.events.prune(name, 3_000)).toBe(0);
    const page = await store.events.page<{ n: number }>(name, { limit: 10, offset: 0 });
    expect([page.entries.map((e) => e.n), page.total]).toEqual([[5, 4, 3], 3]);
    expect(await store.events.get(name, 'p2')).toBeNull();
    expect(await store.events.get(name, 'p3')).toEqual({ n: 3 });
    expect(await store.events.prune(name, 10_000)).toBe(3);
    expect(await store.events.page(name, { limit: 10, offset: 0 })).toEqual({ entries: [], total: 0 });
  });

  it('gives Keyv namespaces that keep apart and clear separately', async () => {
    const sessions = store.keyv<{ user: string }>('test-sessions');
    const cache = store.keyv<number>('test-cache');
    expect(store.keyv('test-cache')).toBe(cache);
    await sessions.set('k', { user: 'ada' });
    await cache.set('k', 1);
    await cache.set('short', 2, 40);
    expect(await sessions.get('k')).toEqual({ user: 'ada' });
    expect(await cache.get('k')).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await cache.get('short')).toBeUndefined();
    await cache.clear();
    expect(await cache.get('k')).toBeUndefined();
    expect(await sessions.get('k')).toEqual({ user: 'ada' });
    expect(() => store.keyv('a:b')).toThrow(/namespace/);
  });

  it('stays closed once closed: calls fail instead of quietly reconnecting', async () => {
    const own = await open();
    const kv = own.keyv<number>('test-closing');
    await kv.set('k', 1);
    await own.close();
    kv.throwOnErrors = true;
    await expect(kv.get('k')).rejects.toThrow();
    await expect(own.documents.version('x')).rejects.toThrow();
    await expect(own.ping()).rejects.toThrow();
  });
});
