import Keyv from 'keyv';
import { describe, expect, it } from 'vitest';
import { directoryCache, memoryLookupCache } from './lookup-cache.ts';

let clock = 1_000_000;
const now = () => clock;

describe('memoryLookupCache', () => {
  it('answers synchronously until the entry expires', () => {
    const cache = memoryLookupCache({ now });
    cache.set('a', { user: null }, 1_000);
    expect(cache.get('a')).toEqual({ user: null });
    clock += 999;
    expect(cache.get('a')).toEqual({ user: null });
    clock += 1;
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', 1, 10);
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
  });

  it('drops the oldest entry past its capacity', () => {
    const cache = memoryLookupCache({ capacity: 2, now });
    cache.set('a', 1, 60_000);
    cache.set('b', 2, 60_000);
    cache.set('a', 3, 60_000); // rewritten: now the newest
    cache.set('c', 4, 60_000);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([3, undefined, 4]);
  });

  it('freezes what it keeps, so one reader cannot change what another reads', () => {
    const cache = memoryLookupCache({ now });
    const user = { username: 'alice', groups: ['vid_a'] };
    cache.set('alice', { user }, 60_000);
    const read = cache.get<{ user: typeof user }>('alice')!;
    expect(() => read.user.groups.push('vid_admin')).toThrow(TypeError);
    expect(cache.get('alice')).toEqual({ user: { username: 'alice', groups: ['vid_a'] } });
  });
});

describe('directoryCache', () => {
  it('keeps entries for at most maxTtlMs, and nothing when it is 0', async () => {
    const cache = directoryCache({ maxTtlMs: 500, now });
    await cache.set('a', 'x', 60_000);
    clock += 500;
    expect(cache.get('a')).toBeUndefined();
    const off = directoryCache({ maxTtlMs: 0, now });
    await off.set('a', 'x', 60_000);
    expect(off.get('a')).toBeUndefined();
  });

  it('uses a given Keyv as it is, and treats its failures as misses', async () => {
    const keyv = new Keyv();
    const cache = directoryCache({ keyv, maxTtlMs: 60_000 });
    await cache.set('a', { user: null }, 60_000);
    expect(await keyv.get('a')).toEqual({ user: null });
    expect(await cache.get('a')).toEqual({ user: null });
    await cache.delete('a');
    expect(await keyv.get('a')).toBeUndefined();

    const broken = new Keyv();
    broken.get = (() => Promise.reject(new Error('down'))) as Keyv['get'];
    broken.set = () => {
      throw new Error('down');
    };
    broken.delete = () => Promise.reject(new Error('down'));
    const failing = directoryCache({ keyv: broken, maxTtlMs: 60_000 });
    await expect(failing.set('a', 1, 1_000)).resolves.toBeUndefined();
    expect(await failing.get('a')).toBeUndefined();
    await expect(failing.delete('a')).resolves.toBeUndefined();
  });
});
