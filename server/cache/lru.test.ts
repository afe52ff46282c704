import { LRUCache } from 'lru-cache';
import { describe, expect, it } from 'vitest';
import { ownerClock, ttlFor } from './lru.ts';

describe('lru-cache on an owner clock', () => {
  it('expires an entry stored at time 0 once its lifetime has passed, and sees a moved clock at once', () => {
    let now = 0;
    const cache = new LRUCache<string, string>({ max: 10, ...ownerClock(() => now) });
    cache.set('a', 'x', { ttl: ttlFor(1_000) });
    now = 999;
    expect(cache.peek('a')).toBe('x');
    now = 1_000;
    expect(cache.peek('a')).toBeUndefined();
  });

  it('gives no TTL (keep nothing) for a lifetime of a millisecond or less, which lru-cache would read as forever', () => {
    expect([ttlFor(0), ttlFor(0.5), ttlFor(1), ttlFor(-5)]).toEqual([0, 0, 0, 0]);
    expect([ttlFor(2), ttlFor(100.5), ttlFor(60_000)]).toEqual([1, 100, 59_999]);
  });
});
