/**
 * What the overlay's expiring lru-cache instances share: the owner's clock and its notion of when
 * an entry is gone. The owners take an injectable `now` (tests move time by hand), so:
 * - every staleness check reads that clock (`ttlResolution: 0`: lru-cache's default debounce would
 *   keep a clock moved by a test unseen for a millisecond of real time);
 * - the clock is shifted by one, because lru-cache reads an entry stored at time 0 as one without a
 *   TTL, and a test clock may well start at 0.
 */
export function ownerClock(now: () => number): { perf: { now: () => number }; ttlResolution: 0 } {
  return { perf: { now: () => now() + 1 }, ttlResolution: 0 };
}

/**
 * lru-cache's `ttl` for an entry that must be gone once `ms` have passed. lru-cache keeps an entry
 * while its age is at most its ttl; the overlay's caches always kept one while younger than its
 * lifetime (gone at exactly `ms`), which on a clock counting whole milliseconds is a ttl one
 * shorter. 0 means "do not keep it at all": lru-cache would read a ttl of 0 as "never expires".
 */
export function ttlFor(ms: number): number {
  const ttl = Math.ceil(ms) - 1;
  return ttl >= 1 ? ttl : 0;
}
